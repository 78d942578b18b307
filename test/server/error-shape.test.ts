import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES, errorResponse, HTTP_STATUS_OF } from '../../src/server/api-error.js';
import { AntidoteError, ERROR_CODES } from '../../src/core/errors.js';
import type { AntidoteServer } from '../../src/server/create-server.js';
import { adminSession, bearer, startTestServer } from './server-fixture.js';

describe('error mapping', () => {
  it('gives every error code one HTTP status, and hides the text of unexpected errors', () => {
    for (const code of ERROR_CODES) expect(errorResponse(new AntidoteError(code, 'x')).status).toBe(HTTP_STATUS_OF[code]);
    expect(new Set(API_ERROR_CODES).size).toBe(Object.keys(HTTP_STATUS_OF).length);
    const hidden = errorResponse(new Error('secret path /etc/shadow'));
    expect(hidden.status).toBe(500);
    expect(JSON.stringify(hidden.body)).not.toContain('shadow');
  });
});

describe('request validation and limits over the API', () => {
  let server: AntidoteServer;
  let cleanup: () => Promise<void>;
  let admin: string;
  beforeAll(async () => {
    ({ server, cleanup } = await startTestServer());
    admin = await adminSession(server);
    await server.app.inject({ method: 'POST', url: '/v1/projects/p/datasets', headers: bearer(admin), payload: { name: 'd' } });
  });
  afterAll(async () => cleanup());

  const shape = (body: unknown) => {
    const e = (body as { error: { code: unknown; message: unknown } }).error;
    expect(typeof e.code).toBe('string');
    expect(typeof e.message).toBe('string');
    return e;
  };

  it('rejects a body that breaks its schema with 400 naming the field', async () => {
    const r = await server.app.inject({ method: 'POST', url: '/v1/projects/p/datasets', headers: bearer(admin), payload: { name: 'Bad Name!', extra: 1 } });
    expect(r.statusCode).toBe(400);
    const e = shape(r.json());
    expect(e.code).toBe('invalid_input');
    expect(String(e.message)).toMatch(/body/);
  });

  it('rejects a bad path parameter, bad JSON, an unknown route and an unknown query field', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/v1/projects/p/datasets/d/snapshots/nothex', headers: bearer(admin) })).statusCode).toBe(400);
    const badJson = await server.app.inject({ method: 'POST', url: '/v1/projects/p/datasets', headers: { ...bearer(admin), 'content-type': 'application/json' }, payload: '{"name":' });
    expect(badJson.statusCode).toBe(400);
    shape(badJson.json());
    const none = await server.app.inject({ method: 'GET', url: '/v1/nothing', headers: bearer(admin) });
    expect(none.statusCode).toBe(404);
    expect(shape(none.json()).code).toBe('route_not_found');
    expect((await server.app.inject({ method: 'GET', url: '/v1/ledger?bogus=1', headers: bearer(admin) })).statusCode).toBe(400);
  });

  it('answers 415 to an upload that is not CSV and 413 to one over the limit', async () => {
    const json = await server.app.inject({ method: 'POST', url: '/v1/projects/p/datasets/d/batches', headers: bearer(admin), payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
    expect(shape(json.json()).code).toBe('unsupported_media_type');
    const big = await server.app.inject({ method: 'POST', url: '/v1/projects/p/datasets', headers: { ...bearer(admin), 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.statusCode).toBe(413);
    expect(shape(big.json()).code).toBe('payload_too_large');
  });

  it('answers a malformed CSV with 400 naming the line, and records the failure in the ledger', async () => {
    const r = await server.app.inject({ method: 'POST', url: '/v1/projects/p/datasets/d/batches', headers: { ...bearer(admin), 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n3\n' });
    expect(r.statusCode).toBe(400);
    expect(shape(r.json()).message).toContain('line 3');
    const head = await server.vault.store.ledgerHead();
    const [last] = await server.vault.store.ledger(head.seq, 1);
    expect(last).toMatchObject({ action: 'api.uploadBatch', actor: 'admin', result: 'failed', details: { status: 400, error: 'invalid_input' } });
  });

  it('refuses wrong logins with 401 and throttles with 429 and Retry-After', async () => {
    let last = await server.app.inject({ method: 'POST', url: '/v1/login', payload: { username: 'admin', password: 'wrong password 1' } });
    expect(last.statusCode).toBe(401);
    for (let i = 0; i < 20 && last.statusCode === 401; i++) last = await server.app.inject({ method: 'POST', url: '/v1/login', payload: { username: 'admin', password: `wrong password ${i}` } });
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(shape(last.json()).code).toBe('rate_limited');
  });
});
