import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAntidoteError, type ErrorCode } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { generateMasterKey } from '../crypto/master-key.js';
import { verifyContent } from './dataset-manifest.js';
import { checkpointProblem } from './audit-ledger.js';
import { Vault } from './vault.js';

const alice = { actor: 'alice', origin: '10.0.0.1' };
const bob = { actor: 'bob', origin: '10.0.0.2' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'antidote-vault-'));
  dirs.push(d);
  return d;
}
function randomBytes(n: number, seed: number): Buffer {
  const rng = createRng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.nextInt(256);
  return b;
}
async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'none' | 'other'> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return isAntidoteError(e) ? e.code : 'other';
  }
}

describe('Vault', () => {
  it('commits bytes in fixed-size chunks and reads them back verified, and a client can verify them with the public key', async () => {
    const dataDir = tempDir();
    const vault = await Vault.open({ dataDir, masterKey: generateMasterKey(), chunkSizeBytes: 1000 });
    await vault.createDataset('images', alice);
    const bytes = randomBytes(3500, 1);
    const v = await vault.commitVersion('images', bytes, { ...alice, meta: { source: 'unit test' } });
    expect(v.status).toBe('pending');
    expect(v.signed.manifest.chunks.map((c) => c.sizeBytes)).toEqual([1000, 1000, 1000, 500]);
    const read = await vault.readVersion(v.root);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(() => verifyContent(read.signed, vault.signingKey.publicKey, read.bytes)).not.toThrow();
    const altered = Buffer.from(read.bytes);
    altered[2500] = altered[2500]! ^ 1;
    expect(() => verifyContent(read.signed, vault.signingKey.publicKey, altered)).toThrow(/chunk 2 of version/);
    await vault.close();
  });

  it('commits rows on row boundaries, deduplicates identical content, and refuses the same content in another dataset', async () => {
    const vault = await Vault.open({ dataDir: tempDir(), masterKey: generateMasterKey(), chunkSizeBytes: 64 });
    await vault.createDataset('spam', alice);
    await vault.createDataset('other', alice);
    const rows = Array.from({ length: 20 }, (_, i) => ({ text: `message number ${i}`, label: i % 2 }));
    const v = await vault.commitVersion('spam', { rows }, alice);
    expect(v.signed.manifest.rowCount).toBe(20);
    expect(v.signed.manifest.chunks.length).toBeGreaterThan(3);
    expect(await vault.readRows(v.root)).toEqual(rows);
    const again = await vault.commitVersion('spam', { rows }, alice);
    expect(again).toMatchObject({ root: v.root, duplicate: true });
    expect(await codeOf(vault.commitVersion('other', { rows }, alice))).toBe('conflict');
    const v2 = await vault.commitVersion('spam', { rows: [...rows, { text: 'one more', label: 1 }] }, { ...alice, parent: v.root });
    expect(v2.signed.manifest.parent).toBe(v.root);
    expect((await vault.store.versions('spam')).length).toBe(2);
    expect(await codeOf(vault.commitVersion('nope', { rows }, alice))).toBe('not_found');
    expect(await codeOf(vault.commitVersion('spam', { rows: [] }, alice))).toBe('invalid_input');
    await vault.close();
  });

  it('raises integrity_violation on read when a blob file is altered', async () => {
    const dataDir = tempDir();
    const vault = await Vault.open({ dataDir, masterKey: generateMasterKey(), chunkSizeBytes: 100 });
    await vault.createDataset('d', alice);
    const v = await vault.commitVersion('d', randomBytes(300, 2), alice);
    const blob = vault.blobs.path(v.signed.manifest.chunks[1]!.blob);
    const b = readFileSync(blob);
    b[40] = b[40]! ^ 0x80;
    writeFileSync(blob, b);
    await expect(vault.readVersion(v.root)).rejects.toThrow(/chunk "d\/[0-9a-f]+" failed authentication/);
    expect(await codeOf(vault.readVersion(v.root))).toBe('integrity_violation');
    await vault.close();
  });

  it('moves status pending -> quarantined -> verified, with the four-eyes rule recorded when broken', async () => {
    const vault = await Vault.open({ dataDir: tempDir(), masterKey: generateMasterKey() });
    await vault.createDataset('d', alice);
    const v = await vault.commitVersion('d', Buffer.from('batch'), alice);
    await vault.setVersionStatus(v.root, 'quarantined', { actor: 'scanner', origin: 'local', reason: '3 suspicious rows' });
    expect(await codeOf(vault.releaseVersion(v.root, 'verified', alice))).toBe('forbidden');
    const denied = (await vault.store.ledger()).at(-1)!;
    expect(denied).toMatchObject({ actor: 'alice', action: 'version.status', result: 'denied' });
    await vault.releaseVersion(v.root, 'verified', bob);
    expect((await vault.store.version(v.root))?.status).toBe('verified');
    expect(await codeOf(vault.releaseVersion(v.root, 'rejected', bob))).toBe('forbidden');
    expect(await vault.verifyLedger()).toEqual([]);
    await vault.close();
  });

  it('deletes a dataset only after retention and without hold, shredding its key and blobs', async () => {
    let now = new Date('2025-01-01T00:00:00.000Z');
    const dataDir = tempDir();
    const vault = await Vault.open({ dataDir, masterKey: generateMasterKey(), now: () => now });
    await vault.createDataset('d', alice, { retainUntil: new Date('2025-06-01T00:00:00.000Z') });
    const v = await vault.commitVersion('d', Buffer.from('kept for a while'), alice);
    expect(await codeOf(vault.deleteDataset('d', alice))).toBe('forbidden');
    now = new Date('2025-07-01T00:00:00.000Z');
    await vault.setLegalHold('d', true, alice);
    expect(await codeOf(vault.deleteDataset('d', alice))).toBe('forbidden');
    await vault.setLegalHold('d', false, alice);
    await vault.deleteDataset('d', alice);
    expect(vault.blobs.list()).toEqual([]);
    expect(await codeOf(vault.readVersion(v.root))).toBe('not_found');
    const ledger = await vault.store.ledger();
    expect(ledger.filter((e) => e.action === 'dataset.delete').map((e) => e.result)).toEqual(['denied', 'denied', 'ok']);
    expect(await vault.verifyLedger()).toEqual([]);
    await vault.close();
  });

  it('rotates the master key by re-wrapping data keys only; the old key no longer opens the vault', async () => {
    const dataDir = tempDir();
    const m1 = generateMasterKey();
    const m2 = generateMasterKey();
    const vault = await Vault.open({ dataDir, masterKey: m1 });
    await vault.createDataset('d', alice);
    const v = await vault.commitVersion('d', Buffer.from('rotate me'), alice);
    const blobsBefore = vault.blobs.list().map((h) => readFileSync(vault.blobs.path(h)).toString('hex'));
    expect(await vault.rotateMasterKey(m2, alice)).toEqual({ dataKeys: 1 });
    await vault.close();
    expect(await codeOf(Vault.open({ dataDir, masterKey: m1 }))).toBe('unauthorized');
    const reopened = await Vault.open({ dataDir, masterKey: m2 });
    expect(reopened.blobs.list().map((h) => readFileSync(reopened.blobs.path(h)).toString('hex'))).toEqual(blobsBefore);
    expect((await reopened.readVersion(v.root)).bytes.toString()).toBe('rotate me');
    await reopened.close();
  });

  it('signs checkpoints every N entries and exports them so that a rewritten ledger is caught', async () => {
    const vault = await Vault.open({ dataDir: tempDir(), masterKey: generateMasterKey(), checkpointEvery: 3 });
    await vault.createDataset('d', alice);
    for (let i = 0; i < 5; i++) await vault.recordEvent({ ...bob, action: 'snapshot.read', target: 'd', result: 'ok', details: { i } });
    const cp = await vault.checkpoint();
    const exported = await vault.exportCheckpoints();
    expect(exported.checkpoints.map((c) => c.seq)).toEqual([3, 6, 7]);
    expect(cp.seq).toBe(7);
    const hashes = new Map((await vault.store.ledger()).map((e) => [e.seq, e.hash]));
    const keys = new Map(exported.signingKeys.map((k) => [k.keyId, k.publicKey]));
    for (const c of exported.checkpoints) expect(checkpointProblem(c, hashes, keys)).toBeUndefined();
    expect(checkpointProblem({ ...cp, hash: 'f'.repeat(64) }, hashes, keys)).toMatch(/signature does not verify/);
    expect(checkpointProblem(cp, new Map([[7, 'e'.repeat(64)]]), keys)).toMatch(/rewritten/);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    await vault.close();
  });
});
