import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyContent } from '../../src/vault/dataset-manifest.js';
import { parseRows } from '../../src/vault/chunking.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchPrefix, scratchRoot } from '../../src/server/scratch-dir.js';
import { adminSession, BATCH_CSV, bearer, startTestServer, userWithRole, VERIFIED_CSV } from './server-fixture.js';
import type { AntidoteServer } from '../../src/server/create-server.js';

// The ingest gate end to end, in-process: dataset, baseline, a poisoned batch held in quarantine,
// four-eyes release, and the verified snapshot read back and checked against its signed manifest.
describe('ingest pipeline over the API', () => {
  let server: AntidoteServer;
  let cleanup: () => Promise<void>;
  let dataDir: string;
  let admin: string;
  let steward: string;
  let contributor: string;
  let engineer: string;
  let auditor: string;
  const DS = '/v1/projects/clinic/datasets/tumours';

  beforeAll(async () => {
    ({ server, cleanup, dataDir } = await startTestServer());
    admin = await adminSession(server);
    steward = await userWithRole(server, 'stella', 'steward', 'clinic');
    contributor = await userWithRole(server, 'carl', 'contributor', 'clinic');
    engineer = await userWithRole(server, 'erin', 'engineer', 'clinic');
    auditor = await userWithRole(server, 'audrey', 'auditor', 'clinic');
  });
  afterAll(async () => cleanup());

  it('refuses every /v1 action to the first admin until its generated password is changed', async () => {
    const fresh = await startTestServer();
    try {
      const first = fresh.server.firstAdmin;
      expect(first.created).toBe(true);
      const r = await fresh.server.app.inject({ method: 'POST', url: '/v1/login', payload: { username: 'admin', password: first.created ? first.secret : '' } });
      expect(r.json().passwordChangeRequired).toBe(true);
      const list = await fresh.server.app.inject({ method: 'GET', url: '/v1/users', headers: bearer(r.json().token) });
      expect(list.statusCode).toBe(403);
      expect(list.json().error.message).toContain('/v1/me/password');
    } finally {
      await fresh.cleanup();
    }
  });

  let batchId = '';
  let baselineRoot = '';

  it('creates a dataset, seeds its verified baseline, and holds a poisoned batch in quarantine', async () => {
    const created = await server.app.inject({ method: 'POST', url: '/v1/projects/clinic/datasets', headers: bearer(steward), payload: { name: 'tumours', label: 'diagnosis' } });
    expect(created.statusCode).toBe(201);
    const seeded = await server.app.inject({ method: 'POST', url: `${DS}/baseline`, headers: { ...bearer(steward), 'content-type': 'text/csv' }, payload: VERIFIED_CSV });
    expect(seeded.statusCode).toBe(201);
    baselineRoot = seeded.json().baselineRoot;
    expect(seeded.json().snapshotRows).toBe(400);

    const up = await server.app.inject({ method: 'POST', url: `${DS}/batches`, headers: { ...bearer(contributor), 'content-type': 'text/csv' }, payload: BATCH_CSV });
    expect(up.statusCode).toBe(201);
    const b = up.json();
    batchId = b.batch;
    expect(b.rows).toBe(169);
    expect(b.report.verdict).not.toBe('accept');
    expect(b.heldRows).toBeGreaterThan(0);
    expect(b.heldRows + b.acceptedRows).toBe(169);
    expect(b.status).toBe('quarantined');

    const q = await server.app.inject({ method: 'GET', url: `${DS}/quarantine`, headers: bearer(steward) });
    expect(q.statusCode).toBe(200);
    const held = q.json().batches[0];
    expect(held.batch).toBe(batchId);
    expect(held.heldRowsDetail).toHaveLength(b.heldRows);
    expect(held.heldRowsDetail.some((r: { flagged: boolean }) => r.flagged)).toBe(true);
    expect(Object.keys(held.heldRowsDetail[0].cells)).toContain('diagnosis');
  });

  it('refuses the uploader the release (four-eyes) even as an admin, and lets a steward release it', async () => {
    // The admin uploads a batch of its own and may not release it.
    // (The batch's first 120 rows: content of its own, so not the contributor's quarantined version.)
    const lines = BATCH_CSV.toString('utf8').split('\n');
    const own = await server.app.inject({ method: 'POST', url: `${DS}/batches`, headers: { ...bearer(admin), 'content-type': 'text/csv' }, payload: lines.slice(0, 121).join('\n') + '\n' });
    expect(own.statusCode).toBe(201);
    expect(own.json().status).toBe('quarantined');
    const denied = await server.app.inject({ method: 'POST', url: `${DS}/batches/${own.json().batch}/release`, headers: bearer(admin), payload: {} });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toContain('four-eyes');
    const released = await server.app.inject({ method: 'POST', url: `${DS}/batches/${batchId}/release`, headers: bearer(steward), payload: { reason: 'checked by hand' } });
    expect(released.statusCode).toBe(200);
    expect(released.json().status).toBe('released');
    const again = await server.app.inject({ method: 'POST', url: `${DS}/batches/${batchId}/reject`, headers: bearer(steward), payload: {} });
    expect(again.statusCode).toBe(409);
  });

  it('serves the verified snapshot by root with a manifest the client verifies, and never a quarantined version', async () => {
    const ds = (await server.app.inject({ method: 'GET', url: DS, headers: bearer(engineer) })).json();
    expect(ds.snapshotRoot).not.toBe(baselineRoot);
    const root: string = ds.snapshotRoot;
    const bytes = await server.app.inject({ method: 'GET', url: `${DS}/snapshots/${root}`, headers: bearer(engineer) });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toContain('application/x-ndjson');
    const manifest = (await server.app.inject({ method: 'GET', url: `${DS}/snapshots/${root}/manifest`, headers: bearer(engineer) })).json();
    const key = (await server.app.inject({ method: 'GET', url: '/v1/vault/key', headers: bearer(engineer) })).json();
    expect(() => verifyContent(manifest.signed, key.publicKey, bytes.rawPayload)).not.toThrow();
    expect(parseRows(bytes.rawPayload)).toHaveLength(ds.snapshotRows);
    const tampered = Buffer.from(bytes.rawPayload);
    tampered[10] = tampered[10]! ^ 1;
    expect(() => verifyContent(manifest.signed, key.publicKey, tampered)).toThrow(/chunk 0/);

    const batches = (await server.app.inject({ method: 'GET', url: `${DS}/batches`, headers: bearer(contributor) })).json().batches as { status: string; quarantineRoot: string | null }[];
    const stillHeld = batches.find((b) => b.status === 'quarantined' && b.quarantineRoot);
    expect(stillHeld).toBeDefined();
    const r = await server.app.inject({ method: 'GET', url: `${DS}/snapshots/${stillHeld!.quarantineRoot}`, headers: bearer(engineer) });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.message).toContain('not verified');
  });

  it('records every request in the ledger, with who, what, from where and the result; the auditor reads and verifies it', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/v1/ledger?project=clinic&limit=1000', headers: bearer(auditor) });
    expect(page.statusCode).toBe(200);
    const entries = page.json().entries as { actor: string; action: string; origin: string; result: string; details: Record<string, unknown> }[];
    expect(entries.some((e) => e.action === 'api.uploadBatch' && e.actor === 'carl' && e.result === 'ok' && e.origin === '127.0.0.1')).toBe(true);
    expect(entries.some((e) => e.action === 'api.releaseBatch' && e.actor === 'admin' && e.result === 'denied')).toBe(true);
    expect(entries.some((e) => e.action === 'version.status' && e.actor === 'stella' && e.details['to'] === 'verified')).toBe(true);
    expect(entries.some((e) => e.action === 'api.getSnapshot' && e.actor === 'erin')).toBe(true);
    const whole = await server.app.inject({ method: 'GET', url: '/v1/ledger', headers: bearer(auditor) });
    expect(whole.statusCode).toBe(403); // a project auditor does not read other projects' entries
    const verify = await server.app.inject({ method: 'GET', url: '/v1/ledger/verify?project=clinic', headers: bearer(auditor) });
    expect(verify.json().ok).toBe(true);
  });

  it('leaves no plaintext of an uploaded row in the data folder, and no scratch files behind', () => {
    const needles = ['28.11,18.47,188.5', '"28.11"', '188.5'].map((t) => Buffer.from(t));
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const files = walk(dataDir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) for (const n of needles) expect([f, readFileSync(f).includes(n)]).toEqual([f, false]);
    // This process's own scratch folders (other processes on the machine may be scanning too).
    expect(readdirSync(scratchRoot()).filter((n) => n.startsWith(scratchPrefix()))).toEqual([]);
  });

  it('rebuilds the same catalog from the ledger after a restart', async () => {
    const before = server.pipeline.listDatasets('clinic');
    const { IngestPipeline } = await import('../../src/server/ingest-pipeline.js');
    const replayed = await IngestPipeline.open(server.vault);
    expect(replayed.listDatasets('clinic')).toEqual(before);
  });
});
