import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../src/crypto/master-key.js';
import { createServer } from '../../src/server/create-server.js';
import { verifyDataFolder } from '../../src/vault/verify-data-folder.js';
import { startThrowawayPostgres } from '../contracts/postgres-service.js';
import { bearer, FAST_ARGON2, PASSWORD, VERIFIED_CSV } from './server-fixture.js';

// The server with --db postgres://…: identities, vault metadata and ledger in a real throwaway
// PostgreSQL cluster; a restart on the same database keeps the admin, the dataset and the catalog.
const availability = await startThrowawayPostgres();
const dataDir = mkdtempSync(join(tmpdir(), 'antidote-server-pg-'));
afterAll(async () => {
  if (availability.ok) await availability.service.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!availability.ok)(`server on PostgreSQL${availability.ok ? '' : ` (skipped: ${availability.reason})`}`, () => {
  it('serves the pipeline with PostgreSQL metadata and survives a restart', async () => {
    if (!availability.ok) return;
    const db = await availability.service.createDatabase();
    const masterKey = generateMasterKey();
    const first = await createServer({ dataDir, db, tls: 'self-signed', port: 0, argon2: FAST_ARGON2, masterKey });
    if (!first.firstAdmin.created) throw new Error('expected a first admin');
    await first.identity.setPassword('admin', PASSWORD);
    const login = await first.app.inject({ method: 'POST', url: '/v1/login', payload: { username: 'admin', password: PASSWORD } });
    const admin = login.json().token as string;
    expect((await first.app.inject({ method: 'POST', url: '/v1/projects/pg/datasets', headers: bearer(admin), payload: { name: 'rows', label: 'diagnosis' } })).statusCode).toBe(201);
    const seeded = await first.app.inject({ method: 'POST', url: '/v1/projects/pg/datasets/rows/baseline', headers: { ...bearer(admin), 'content-type': 'text/csv' }, payload: VERIFIED_CSV });
    expect(seeded.statusCode).toBe(201);
    await first.close();

    const second = await createServer({ dataDir, db, tls: 'self-signed', port: 0, argon2: FAST_ARGON2, masterKey });
    try {
      expect(second.firstAdmin.created).toBe(false);
      const again = (await second.app.inject({ method: 'POST', url: '/v1/login', payload: { username: 'admin', password: PASSWORD } })).json().token as string;
      const ds = await second.app.inject({ method: 'GET', url: '/v1/projects/pg/datasets/rows', headers: bearer(again) });
      expect(ds.json()).toMatchObject({ snapshotRows: 400, snapshotRoot: seeded.json().snapshotRoot, label: 'diagnosis' });
      const snap = await second.app.inject({ method: 'GET', url: `/v1/projects/pg/datasets/rows/snapshots/${seeded.json().snapshotRoot}`, headers: bearer(again) });
      expect(snap.statusCode).toBe(200);
    } finally {
      await second.close();
    }
    expect((await verifyDataFolder(dataDir, { db })).problems).toEqual([]);
  });
});
