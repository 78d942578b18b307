import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres } from '../../test/contracts/postgres-service.js';
import { generateMasterKey } from '../crypto/master-key.js';
import { Vault } from './vault.js';
import { verifyDataFolder } from './verify-data-folder.js';

// The vault on PostgreSQL metadata (blobs and manifests still in the data folder): a real throwaway cluster.
const availability = await startThrowawayPostgres();
const dataDir = mkdtempSync(join(tmpdir(), 'antidote-vault-pg-'));
afterAll(async () => {
  if (availability.ok) await availability.service.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!availability.ok)(`Vault on PostgreSQL${availability.ok ? '' : ` (skipped: ${availability.reason})`}`, () => {
  it('commits, reads back verified, verifies offline, and names a row edited behind its back', async () => {
    if (!availability.ok) return;
    const db = await availability.service.createDatabase();
    const master = generateMasterKey();
    const who = { actor: 'alice', origin: '10.0.0.1' };
    const vault = await Vault.open({ dataDir, masterKey: master, db, chunkSizeBytes: 100 });
    await vault.createDataset('d', who);
    const v = await vault.commitVersion('d', { rows: Array.from({ length: 12 }, (_, i) => ({ i, text: `row ${i}` })) }, { ...who, status: 'quarantined' });
    await vault.releaseVersion(v.root, 'verified', { actor: 'bob', origin: '10.0.0.2' });
    expect((await vault.readRows(v.root)).length).toBe(12);
    expect(await vault.verifyLedger()).toEqual([]);
    await vault.close();

    expect((await verifyDataFolder(dataDir, { db, masterKey: master })).problems).toEqual([]);
    const raw = new pg.Client({ connectionString: db });
    await raw.connect();
    await expect(raw.query(`UPDATE versions SET status = 'rejected' WHERE root = '${v.root}'`)).rejects.toThrow(/write-once/);
    await raw.query(`ALTER TABLE versions DISABLE TRIGGER versions_update; UPDATE versions SET status = 'rejected' WHERE root = '${v.root}'`);
    await raw.end();
    const report = await verifyDataFolder(dataDir, { db });
    expect(report.problems.map((p) => `${p.subject} ${p.id}: ${p.problem}`)).toEqual([`version ${v.root}: status is "rejected" in the database but "verified" per the ledger`]);
  });
});
