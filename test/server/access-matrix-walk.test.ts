import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_MATRIX } from '../../src/identity/access-matrix.js';
import type { RoleGrant } from '../../src/identity/principal.js';
import { ROLES } from '../../src/identity/roles.js';
import type { AntidoteServer } from '../../src/server/create-server.js';
import { ROUTES } from '../../src/server/route-table.js';
import type { RouteSpec } from '../../src/server/route-spec.js';
import { bearer, startTestServer, userWithRole } from './server-fixture.js';

// Walks every principal kind against every route of the table and checks that the API answers
// exactly as the access matrix says: 401 without credentials, 403 when no grant of the caller
// allows the route's action where it applies (and for API tokens on session-only routes), and
// never 401/403 when one does.

const PROJECT = 'acme';
let counter = 0;

function requestFor(spec: RouteSpec, role: string): { url: string; payload?: unknown; headers?: Record<string, string> } {
  const params: Record<string, string> = { project: PROJECT, dataset: 'missing', batch: 'bat_AAAAAAAAAAAAAAAA', root: '0'.repeat(64), username: 'nobody-x', role: 'auditor', tokenId: 'tok_missing' };
  let url = spec.url.replace(/:([A-Za-z]+)/g, (_m, n: string) => params[n]!);
  if (spec.access.kind === 'action' && spec.access.project === 'query') url += `?project=${PROJECT}`;
  counter++;
  const bodies: Record<string, unknown> = {
    login: { username: 'nobody-x', password: 'wrong password here' },
    changeOwnPassword: { currentPassword: 'wrong password here', newPassword: 'another long passphrase' },
    setPolicy: {},
    createDataset: { name: `walk-${counter}`, label: 'y' },
    releaseBatch: {},
    rejectBatch: {},
    createUser: { username: `walked-${counter}`, password: 'a long enough walk passphrase' },
    grantRole: { username: 'nobody-x', role: 'auditor' },
    createToken: { role: ROLES.includes(role as never) ? role : 'auditor', name: `walk ${counter}` },
  };
  if (spec.bodyKind === 'csv') return { url, payload: 'a,y\n1,0\n', headers: { 'content-type': 'text/csv' } };
  if (spec.bodyKind === 'json') return { url, payload: bodies[spec.operationId] ?? {} };
  return { url };
}

function expectedAllowed(spec: RouteSpec, grants: readonly RoleGrant[], viaToken: boolean): boolean {
  if (spec.sessionOnly && viaToken) return false;
  if (spec.access.kind !== 'action') return true;
  const rule = ACCESS_MATRIX[spec.access.action];
  const project = spec.access.project === 'global' ? '*' : PROJECT;
  return grants.some((g) => rule.roles.includes(g.role) && (g.project === '*' || (rule.scope === 'project' && g.project === project)));
}

describe('every role against every endpoint', () => {
  let server: AntidoteServer;
  let cleanup: () => Promise<void>;
  const principals: { name: string; token: string; grants: RoleGrant[] }[] = [];

  beforeAll(async () => {
    ({ server, cleanup } = await startTestServer());
    for (const role of ROLES) principals.push({ name: `${role} on ${PROJECT}`, token: await userWithRole(server, `u-${role}`, role, PROJECT), grants: [{ project: PROJECT, role }] });
    principals.push({ name: 'admin on *', token: await userWithRole(server, 'u-global-admin', 'admin', '*'), grants: [{ project: '*', role: 'admin' }] });
    principals.push({ name: 'auditor on *', token: await userWithRole(server, 'u-global-auditor', 'auditor', '*'), grants: [{ project: '*', role: 'auditor' }] });
    principals.push({ name: 'every role on another project', token: await userWithRole(server, 'u-elsewhere', 'admin', 'other'), grants: [{ project: 'other', role: 'admin' }] });
    for (const role of ROLES.filter((r) => r !== 'admin')) await server.identity.grantRole({ username: 'u-elsewhere', project: 'other', role });
    // API tokens carry one role in one project, whatever else the owner holds.
    await server.identity.createUser({ username: 'u-tokens', password: 'a long enough test passphrase' });
    for (const role of ROLES) await server.identity.grantRole({ username: 'u-tokens', project: PROJECT, role });
    for (const role of ROLES) {
      const { token } = await server.identity.createToken({ username: 'u-tokens', project: PROJECT, role, name: `walk ${role}` });
      principals.push({ name: `API token: ${role} on ${PROJECT}`, token, grants: [{ project: PROJECT, role }] });
    }
  });
  afterAll(async () => cleanup());

  it('answers 401 to a request without credentials or with a bad token on every non-public route', async () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    for (const spec of ROUTES.filter((r) => r.access.kind !== 'public')) {
      const req = requestFor(spec, 'auditor');
      const none = await server.app.inject({ method: spec.method, url: req.url, payload: req.payload as string, headers: req.headers ?? {} });
      expect([spec.operationId, none.statusCode]).toEqual([spec.operationId, 401]);
      expect(none.json().error.code).toBe('unauthorized');
      const forged = await server.app.inject({ method: spec.method, url: req.url, payload: req.payload as string, headers: { ...(req.headers ?? {}), authorization: 'Bearer adt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect([spec.operationId, forged.statusCode]).toEqual([spec.operationId, 401]);
    }
  });

  it('answers 403 exactly where the access matrix refuses the role, for sessions and API tokens alike', async () => {
    const mismatches: string[] = [];
    let allowedSeen = 0;
    let refusedSeen = 0;
    for (const p of principals) {
      for (const spec of ROUTES) {
        if (spec.access.kind === 'public') continue;
        const role = p.grants[0]!.role;
        const req = requestFor(spec, role);
        const r = await server.app.inject({ method: spec.method, url: req.url, payload: req.payload as string, headers: { ...(req.headers ?? {}), ...bearer(p.token) } });
        const allowed = expectedAllowed(spec, p.grants, p.name.startsWith('API token'));
        const got = r.statusCode === 403 || r.statusCode === 401 ? 'refused' : 'allowed';
        if (allowed) allowedSeen++;
        else refusedSeen++;
        if ((allowed ? 'allowed' : 'refused') !== got) mismatches.push(`${p.name} ${spec.method} ${spec.url} (${spec.access.kind === 'action' ? spec.access.action : spec.access.kind}): expected ${allowed ? 'allowed' : '403'}, got ${r.statusCode} ${r.body.slice(0, 160)}`);
        if (!allowed && got === 'refused' && (r.json() as { error?: { code?: string } }).error?.code !== 'forbidden') mismatches.push(`${p.name} ${spec.method} ${spec.url}: refused without the forbidden code: ${r.body.slice(0, 160)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(allowedSeen).toBeGreaterThan(50);
    expect(refusedSeen).toBeGreaterThan(50);
  });

  it('lists every route in the OpenAPI document with the roles of its action', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    for (const spec of ROUTES) {
      const op = doc.paths[spec.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[spec.method.toLowerCase()];
      expect(op?.['operationId']).toBe(spec.operationId);
      if (spec.access.kind === 'action') expect(op?.['x-antidote-roles']).toEqual(ACCESS_MATRIX[spec.access.action].roles);
    }
    const html = await server.app.inject({ method: 'GET', url: '/docs' });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('/v1/projects/{project}/datasets/{dataset}/batches');
  });
});
