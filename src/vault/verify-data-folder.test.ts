import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { generateMasterKey, type MasterKey } from '../crypto/master-key.js';
import { Vault, type CommittedVersion } from './vault.js';
import { verifyDataFolder, type VerifyFinding } from './verify-data-folder.js';

const alice = { actor: 'alice', origin: '10.0.0.1' };
const bob = { actor: 'bob', origin: '10.0.0.2' };
const root = mkdtempSync(join(tmpdir(), 'antidote-verify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let pristine: string;
let master: MasterKey;
let bytesVersion: CommittedVersion;
let quarantined: CommittedVersion;
let copies = 0;

beforeAll(async () => {
  pristine = join(root, 'pristine');
  master = generateMasterKey();
  const vault = await Vault.open({ dataDir: pristine, masterKey: master, chunkSizeBytes: 256, checkpointEvery: 4 });
  await vault.createDataset('images', alice);
  await vault.createDataset('reviews', alice, { legalHold: true });
  const rng = createRng(5);
  bytesVersion = await vault.commitVersion('images', Buffer.from(Array.from({ length: 1000 }, () => rng.nextInt(256))), { ...alice, status: 'verified' });
  quarantined = await vault.commitVersion('reviews', { rows: Array.from({ length: 30 }, (_, i) => ({ text: `review ${i}`, stars: i % 5 })) }, alice);
  await vault.setVersionStatus(quarantined.root, 'quarantined', { actor: 'scanner', origin: 'local' });
  await vault.recordEvent({ ...bob, action: 'snapshot.read', target: bytesVersion.root, result: 'ok' });
  await vault.close();
});

/** A fresh copy of the intact vault to alter. */
function copy(): string {
  const dir = join(root, `copy-${copies++}`);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}
function sql(dir: string, statements: string): void {
  const db = new Database(join(dir, 'vault.db'));
  db.exec(statements);
  db.close();
}
const named = (problems: readonly VerifyFinding[]) => problems.map((p) => `${p.subject} ${p.id}: ${p.problem}`);

describe('verifyDataFolder', () => {
  it('finds nothing wrong in an intact folder, also when decrypting every chunk with the master key', async () => {
    const report = await verifyDataFolder(pristine, { masterKey: master });
    expect(named(report.problems)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked.versions).toBe(2);
    expect(report.checked.chunks).toBe(bytesVersion.signed.manifest.chunks.length + quarantined.signed.manifest.chunks.length);
    expect(report.checked.checkpoints).toBeGreaterThan(0);
  });

  it('names a version whose database row was edited (status) and a dataset whose legal hold was lifted', async () => {
    const dir = copy();
    sql(dir, `DROP TRIGGER versions_status_forward; DROP TRIGGER datasets_rules;
      UPDATE versions SET status = 'verified' WHERE root = '${quarantined.root}';
      UPDATE datasets SET legal_hold = 0 WHERE id = 'reviews';`);
    const report = await verifyDataFolder(dir);
    expect(report.ok).toBe(false);
    expect(named(report.problems)).toEqual([
      'dataset reviews: legal hold is false in the database but true per the ledger',
      `version ${quarantined.root}: status is "verified" in the database but "quarantined" per the ledger`,
    ]);
  });

  it('names the blob file and the chunk of the version when one byte of a blob is flipped', async () => {
    const dir = copy();
    const chunk = bytesVersion.signed.manifest.chunks[2]!;
    const file = join(dir, 'blobs', chunk.blob.slice(0, 2), chunk.blob);
    const b = readFileSync(file);
    b[17] = b[17]! ^ 0x01;
    writeFileSync(file, b);
    const report = await verifyDataFolder(dir);
    expect(named(report.problems)).toEqual([`blob_file blobs/${chunk.blob.slice(0, 2)}/${chunk.blob}: blob of chunk 2 of version ${bytesVersion.root} was altered: its SHA-256 no longer matches its name`]);
  });

  it('names an edited manifest file, and an edited manifest in the database', async () => {
    const dir = copy();
    const file = join(dir, 'manifests', `${bytesVersion.root}.json`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"createdBy":"alice"', '"createdBy":"mallory"'));
    sql(dir, `DROP TRIGGER versions_immutable; UPDATE versions SET manifest = replace(manifest, '"stars":', '"stars":') || ' ' WHERE root = '${quarantined.root}';`);
    const report = await verifyDataFolder(dir);
    const problems = named(report.problems);
    expect(problems).toContain(`manifest_file manifests/${bytesVersion.root}.json: manifest file of version ${bytesVersion.root} was altered: differs from the manifest recorded for the version (signature does not verify under signing key ${bytesVersion.signed.manifest.signer})`);
    expect(problems).toContain(`version ${quarantined.root}: manifest in the database was altered: it no longer matches its recorded hash`);
    expect(problems.length).toBe(2);
  });

  it('names a deleted ledger entry, and an entry whose content was edited', async () => {
    const dir = copy();
    sql(dir, `DROP TRIGGER ledger_no_delete; DROP TRIGGER ledger_no_update;
      DELETE FROM ledger_entries WHERE seq = 6;
      UPDATE ledger_entries SET origin = '192.168.0.66' WHERE seq = 7;`);
    const report = await verifyDataFolder(dir);
    const problems = named(report.problems);
    expect(problems).toEqual([
      'ledger_entry 6: ledger entry 6 is missing (the chain jumps from 5 to 7)',
      'ledger_entry 7: ledger entry 7 was altered: its content no longer matches its hash',
      // and what the missing entry had recorded: the quarantine of the reviews version
      `version ${quarantined.root}: status is "quarantined" in the database but "pending" per the ledger`,
    ]);
  });

  it('catches a rewritten ledger with checkpoints exported before the rewrite', async () => {
    const vault = await Vault.open({ dataDir: copy(), masterKey: master });
    const exported = await vault.exportCheckpoints();
    const dir = vault.dataDir;
    await vault.close();
    const seq = exported.checkpoints[0]!.seq;
    // rewrite entry `seq` and re-chain everything after it, dropping the stored checkpoints: the chain itself is consistent again
    sql(dir, `DROP TRIGGER ledger_no_update; DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints; UPDATE ledger_entries SET hash = '${'a'.repeat(64)}' WHERE seq = ${seq};`);
    const report = await verifyDataFolder(dir, { exportedCheckpoints: exported });
    expect(named(report.problems)).toContain(`checkpoint exported ${seq}: checkpoint at ledger entry ${seq}: the ledger's entry ${seq} has another hash now (the ledger was rewritten)`);
  });

  it('reports orphans of an interrupted commit as notes, not problems', async () => {
    const dir = copy();
    mkdirSync(join(dir, 'blobs', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'blobs', 'ab', 'ab'.repeat(32)), 'orphan');
    writeFileSync(join(dir, 'manifests', `${'cd'.repeat(32)}.json`), '{}');
    const report = await verifyDataFolder(dir);
    expect(report.ok).toBe(true);
    expect(report.notes.map((n) => n.id).sort()).toEqual([join('blobs', 'ab', 'ab'.repeat(32)), join('manifests', `${'cd'.repeat(32)}.json`)]);
  });
});

describe('encryption at rest', () => {
  it('leaves no plaintext of an uploaded file anywhere in the data folder, the SQLite file and its WAL included', async () => {
    const dir = join(root, 'plaintext');
    const marker = 'ANTIDOTE-PLAINTEXT-MARKER-5f1c9e';
    const upload = Buffer.from(Array.from({ length: 4000 }, (_, i) => `${marker} line ${i}\n`).join(''));
    const vault = await Vault.open({ dataDir: dir, masterKey: generateMasterKey(), chunkSizeBytes: 4096 });
    await vault.createDataset('secret', alice);
    const v = await vault.commitVersion('secret', upload, alice);
    await vault.commitVersion('secret', { rows: [{ text: `${marker} in a row`, label: 1 }] }, alice);
    expect((await vault.readVersion(v.root)).bytes.includes(marker)).toBe(true);

    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    const leaking = () => {
      files.length = 0;
      walk(dir);
      return files.filter((f) => {
        const b = readFileSync(f);
        return b.includes(Buffer.from(marker, 'utf8')) || b.includes(Buffer.from(marker, 'utf16le')) || b.includes(Buffer.from(marker).toString('base64').slice(0, 24));
      });
    };
    // while open (the WAL holds the latest pages) and after closing
    expect(leaking()).toEqual([]);
    expect(files.some((f) => f.endsWith('vault.db-wal'))).toBe(true);
    expect(files.filter((f) => f.includes(`${join(dir, 'blobs')}`)).length).toBeGreaterThanOrEqual(upload.length / 4096);
    await vault.close();
    expect(leaking()).toEqual([]);
    // the scan itself finds a plaintext copy when there is one
    writeFileSync(join(dir, 'tmp', 'leak.txt'), upload.subarray(0, 100));
    expect(leaking()).toEqual([join(dir, 'tmp', 'leak.txt')]);
  });
});
