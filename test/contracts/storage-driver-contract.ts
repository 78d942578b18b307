// The one contract every VaultStore driver passes (after Kysely's per-dialect spec loop): call it from a test file with a factory.
import { describe, expect, it } from 'vitest';
import { isAntidoteError, type ErrorCode } from '../../src/core/errors.js';
import { generateDataKey, wrapDataKey } from '../../src/crypto/envelope-encryption.js';
import { chainHash, GENESIS_HASH } from '../../src/crypto/hash-chain.js';
import { generateMasterKey } from '../../src/crypto/master-key.js';
import { sha256Hex } from '../../src/crypto/sha256.js';
import { ledgerEntryBody } from '../../src/storage/ledger-entry.js';
import type { ChunkRecord, DatasetRecord, LedgerDraft, VersionRecord } from '../../src/storage/vault-records.js';
import type { VaultStore } from '../../src/storage/vault-store.js';

/** A fresh, empty store plus a raw SQL handle on the same database (to prove the triggers). */
export interface OpenedStore {
  readonly store: VaultStore;
  /** Runs raw SQL behind the driver's back; rejects when the database refuses it. */
  readonly exec: (sql: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** How to run the contract on one driver. `skip` names why it cannot run here. */
export interface StorageDriverContractCase {
  readonly name: string;
  readonly open: () => Promise<OpenedStore>;
  readonly skip?: string;
}

const master = generateMasterKey();
const T0 = '2025-01-01T00:00:00.000Z';
const draft = (action: string, target: string, details: Record<string, unknown> = {}): LedgerDraft => ({
  at: T0,
  actor: 'alice',
  action,
  target,
  origin: '127.0.0.1',
  result: 'ok',
  details,
});
const dataset = (id: string, over: Partial<DatasetRecord> = {}): DatasetRecord => ({
  id,
  createdAt: T0,
  createdBy: 'alice',
  retainUntil: null,
  legalHold: false,
  deletedAt: null,
  ...over,
});
const chunk = (datasetId: string, text: string): ChunkRecord => ({ datasetId, hash: sha256Hex(text), blobHash: sha256Hex(`blob:${text}`), dataKeyId: `dk-${datasetId}`, sizeBytes: text.length });
const version = (datasetId: string, root: string, status: VersionRecord['status'] = 'pending'): VersionRecord => ({
  root,
  datasetId,
  manifest: `{"root":"${root}"}`,
  manifestHash: sha256Hex(`{"root":"${root}"}`),
  status,
  committedBy: 'alice',
  committedAt: T0,
});

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'none' | 'other'> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return isAntidoteError(e) ? e.code : 'other';
  }
}

async function withDatasetAndKey(store: VaultStore, id: string, over: Partial<DatasetRecord> = {}): Promise<void> {
  await store.write(
    [
      { kind: 'createDataset', dataset: dataset(id, over) },
      { kind: 'putDataKey', key: { id: `dk-${id}`, datasetId: id, wrapped: wrapDataKey(generateDataKey(), master, id), createdAt: T0 } },
    ],
    draft('dataset.create', id),
  );
}

/** Registers the storage driver contract tests for one driver. */
export function storageDriverContract(c: StorageDriverContractCase): void {
  describe.skipIf(c.skip !== undefined)(`storage driver contract: ${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, () => {
    const withStore = (fn: (o: OpenedStore) => Promise<void>) => async () => {
      const o = await c.open();
      try {
        await fn(o);
      } finally {
        await o.close();
      }
    };

    it(
      'starts empty, and each write appends one hash-chained ledger entry that reads back identically',
      withStore(async ({ store }) => {
        expect(await store.ledgerHead()).toEqual({ seq: 0, hash: GENESIS_HASH });
        expect(await store.datasets()).toEqual([]);
        const e1 = await store.write([{ kind: 'createDataset', dataset: dataset('ds1', { retainUntil: '2030-01-01T00:00:00.000Z' }) }], draft('dataset.create', 'ds1', { n: 1.5, tags: ['a', 'b'] }));
        expect(e1.seq).toBe(1);
        expect(e1.prevHash).toBe(GENESIS_HASH);
        expect(e1.hash).toBe(chainHash(GENESIS_HASH, ledgerEntryBody(e1)));
        const e2 = await store.write([], { ...draft('auth.login', 'bob'), result: 'denied' });
        expect(e2.seq).toBe(2);
        expect(e2.hash).toBe(chainHash(e1.hash, ledgerEntryBody(e2)));
        expect(await store.ledger()).toEqual([e1, e2]);
        expect(await store.ledger(2)).toEqual([e2]);
        expect(await store.ledger(1, 1)).toEqual([e1]);
        expect(await store.ledgerHead()).toEqual({ seq: 2, hash: e2.hash });
        expect(await store.dataset('ds1')).toEqual(dataset('ds1', { retainUntil: '2030-01-01T00:00:00.000Z' }));
        expect(await store.dataset('nope')).toBeUndefined();
      }),
    );

    it(
      'is all or nothing: a failing mutation leaves no dataset, no version and no ledger entry',
      withStore(async ({ store }) => {
        await withDatasetAndKey(store, 'ds1');
        const head = await store.ledgerHead();
        const code = await codeOf(
          store.write(
            [
              { kind: 'createDataset', dataset: dataset('ds2') },
              { kind: 'putVersion', version: version('ds1', 'a'.repeat(64)), chunks: [chunk('ds1', 'x')] },
              { kind: 'putVersion', version: version('ghost', 'b'.repeat(64)), chunks: [] },
            ],
            draft('version.commit', 'b'),
          ),
        );
        expect(code).toBe('not_found');
        expect(await store.dataset('ds2')).toBeUndefined();
        expect(await store.version('a'.repeat(64))).toBeUndefined();
        expect(await store.chunks()).toEqual([]);
        expect(await store.ledgerHead()).toEqual(head);
        expect(await codeOf(store.write([{ kind: 'createDataset', dataset: dataset('ds1') }], draft('dataset.create', 'ds1')))).toBe('conflict');
      }),
    );

    it(
      'commits a version once: a second commit of the same root is a conflict, chunks are deduplicated per dataset',
      withStore(async ({ store }) => {
        await withDatasetAndKey(store, 'ds1');
        const v1 = version('ds1', '1'.repeat(64));
        await store.write([{ kind: 'putVersion', version: v1, chunks: [chunk('ds1', 'x'), chunk('ds1', 'y')] }], draft('version.commit', v1.root));
        const v2 = version('ds1', '2'.repeat(64), 'verified');
        await store.write([{ kind: 'putVersion', version: v2, chunks: [chunk('ds1', 'y'), chunk('ds1', 'z')] }], draft('version.commit', v2.root));
        expect(await store.version(v1.root)).toEqual(v1);
        expect((await store.versions('ds1')).map((v) => v.root)).toEqual([v1.root, v2.root]);
        expect((await store.versions()).length).toBe(2);
        expect((await store.chunks()).length).toBe(3);
        expect(await store.chunk('ds1', sha256Hex('z'))).toEqual(chunk('ds1', 'z'));
        expect(await codeOf(store.write([{ kind: 'putVersion', version: { ...v1, manifest: '{}' }, chunks: [] }], draft('version.commit', v1.root)))).toBe('conflict');
        expect((await store.version(v1.root))?.manifest).toBe(v1.manifest);
      }),
    );

    it(
      'moves a version status only forward and only from the status the caller saw',
      withStore(async ({ store }) => {
        await withDatasetAndKey(store, 'ds1');
        const root = '3'.repeat(64);
        await store.write([{ kind: 'putVersion', version: version('ds1', root), chunks: [] }], draft('version.commit', root));
        await store.write([{ kind: 'setVersionStatus', root, from: 'pending', to: 'quarantined' }], draft('version.quarantine', root));
        expect(await codeOf(store.write([{ kind: 'setVersionStatus', root, from: 'pending', to: 'verified' }], draft('version.release', root)))).toBe('conflict');
        expect(await codeOf(store.write([{ kind: 'setVersionStatus', root, from: 'quarantined', to: 'pending' }], draft('x', root)))).toBe('forbidden');
        await store.write([{ kind: 'setVersionStatus', root, from: 'quarantined', to: 'verified' }], draft('version.release', root));
        expect((await store.version(root))?.status).toBe('verified');
        expect(await codeOf(store.write([{ kind: 'setVersionStatus', root, from: 'verified', to: 'rejected' }], draft('x', root)))).toBe('forbidden');
        expect(await codeOf(store.write([{ kind: 'setVersionStatus', root: '4'.repeat(64), from: 'pending', to: 'verified' }], draft('x', root)))).toBe('not_found');
      }),
    );

    it(
      'refuses in SQL itself to change or delete committed versions, chunks, ledger entries, checkpoints and datasets',
      withStore(async ({ store, exec }) => {
        await withDatasetAndKey(store, 'ds1', { retainUntil: '2999-01-01T00:00:00.000Z' });
        const root = '5'.repeat(64);
        await store.write([{ kind: 'putVersion', version: version('ds1', root, 'verified'), chunks: [chunk('ds1', 'x')] }], draft('version.commit', root));
        await store.addCheckpoint({ seq: 2, hash: (await store.ledgerHead()).hash, at: T0, keyId: 'k', signature: 's' });
        const refused = [
          `UPDATE versions SET manifest = '{}' WHERE root = '${root}'`,
          `UPDATE versions SET status = 'pending' WHERE root = '${root}'`,
          `DELETE FROM versions WHERE root = '${root}'`,
          `UPDATE chunks SET blob_hash = 'x'`,
          `DELETE FROM chunks`,
          `UPDATE ledger_entries SET actor = 'mallory' WHERE seq = 1`,
          `DELETE FROM ledger_entries WHERE seq = 2`,
          `UPDATE checkpoints SET hash = 'x'`,
          `DELETE FROM checkpoints`,
          `DELETE FROM datasets WHERE id = 'ds1'`,
          `UPDATE datasets SET deleted_at = '2025-06-01T00:00:00.000Z' WHERE id = 'ds1'`,
          `UPDATE datasets SET retain_until = '2026-01-01T00:00:00.000Z' WHERE id = 'ds1'`,
          `UPDATE data_keys SET wrapped = NULL`,
          `DELETE FROM data_keys`,
        ];
        for (const sql of refused) await expect(exec(sql), sql).rejects.toThrow(/write-once/);
        expect((await store.version(root))?.status).toBe('verified');
        expect((await store.ledger()).length).toBe(2);
        expect((await store.dataKey('dk-ds1'))?.wrapped).not.toBeNull();
      }),
    );

    it(
      'refuses deletion under retention or legal hold, then deletes by tombstone and shreds the data keys',
      withStore(async ({ store }) => {
        await withDatasetAndKey(store, 'ds1', { retainUntil: '2025-06-01T00:00:00.000Z' });
        const del = (at: string) => store.write([{ kind: 'deleteDataset', datasetId: 'ds1', deletedAt: at }], { ...draft('dataset.delete', 'ds1'), at });
        expect(await codeOf(del('2025-05-31T23:59:59.999Z'))).toBe('forbidden');
        expect(await codeOf(store.write([{ kind: 'setRetention', datasetId: 'ds1', retainUntil: '2025-03-01T00:00:00.000Z' }], draft('dataset.retention', 'ds1')))).toBe('forbidden');
        await store.write([{ kind: 'setRetention', datasetId: 'ds1', retainUntil: '2025-07-01T00:00:00.000Z' }], draft('dataset.retention', 'ds1'));
        await store.write([{ kind: 'setLegalHold', datasetId: 'ds1', legalHold: true }], draft('dataset.hold', 'ds1'));
        expect(await codeOf(del('2026-01-01T00:00:00.000Z'))).toBe('forbidden');
        expect((await store.dataset('ds1'))?.deletedAt).toBeNull();
        await store.write([{ kind: 'setLegalHold', datasetId: 'ds1', legalHold: false }], draft('dataset.hold', 'ds1'));
        await del('2026-01-01T00:00:00.000Z');
        expect((await store.dataset('ds1'))?.deletedAt).toBe('2026-01-01T00:00:00.000Z');
        expect((await store.dataKey('dk-ds1'))?.wrapped).toBeNull();
        expect(await codeOf(del('2026-01-02T00:00:00.000Z'))).toBe('conflict');
        expect(await codeOf(store.write([{ kind: 'putVersion', version: version('ds1', '6'.repeat(64)), chunks: [] }], draft('version.commit', 'x')))).toBe('not_found');
        expect(await codeOf(store.write([{ kind: 'createDataset', dataset: dataset('ds1') }], draft('dataset.create', 'ds1')))).toBe('conflict');
      }),
    );

    it(
      're-wraps data keys and signing keys in place, never a shredded key',
      withStore(async ({ store }) => {
        await withDatasetAndKey(store, 'ds1');
        const m2 = generateMasterKey();
        const signing = { keyId: 'sk1', publicKey: 'pub', wrappedPrivateKey: wrapDataKey(generateDataKey(), master, 'sk1'), createdAt: T0 };
        await store.write([{ kind: 'putSigningKey', key: signing }], draft('vault.init', 'vault'));
        const newDk = wrapDataKey(generateDataKey(), m2, 'ds1');
        const newSk = wrapDataKey(generateDataKey(), m2, 'sk1');
        await store.write([{ kind: 'rewrapKeys', dataKeys: [{ id: 'dk-ds1', wrapped: newDk }], signingKeys: [{ keyId: 'sk1', wrappedPrivateKey: newSk }] }], draft('master.rotate', 'vault'));
        expect((await store.dataKey('dk-ds1'))?.wrapped).toEqual(newDk);
        expect(await store.signingKeys()).toEqual([{ ...signing, wrappedPrivateKey: newSk }]);
        expect((await store.dataKeys()).map((k) => k.id)).toEqual(['dk-ds1']);
        expect(await codeOf(store.write([{ kind: 'rewrapKeys', dataKeys: [{ id: 'dk-none', wrapped: newDk }], signingKeys: [] }], draft('master.rotate', 'vault')))).toBe('not_found');
      }),
    );

    it(
      'stores checkpoints once each',
      withStore(async ({ store }) => {
        const e = await store.write([], draft('vault.init', 'vault'));
        const cp = { seq: e.seq, hash: e.hash, at: T0, keyId: 'k1', signature: 'sig' };
        await store.addCheckpoint(cp);
        expect(await store.checkpoints()).toEqual([cp]);
        expect(await codeOf(store.addCheckpoint(cp))).toBe('conflict');
      }),
    );

    it(
      'keeps the chain linear under concurrent writes',
      withStore(async ({ store }) => {
        await Promise.all(Array.from({ length: 12 }, (_, i) => store.write([], draft('auth.login', `user${i}`))));
        const entries = await store.ledger();
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        let prev = GENESIS_HASH;
        for (const e of entries) {
          expect(e.prevHash).toBe(prev);
          expect(e.hash).toBe(chainHash(prev, ledgerEntryBody(e)));
          prev = e.hash;
        }
      }),
    );
  });
}
