import pg from 'pg';
import { AntidoteError } from '../core/errors.js';
import { strictCanonicalJson } from '../crypto/canonical-bytes.js';
import { GENESIS_HASH } from '../crypto/hash-chain.js';
import { sealLedgerEntry } from './ledger-entry.js';
import { checkpointOf, chunkOf, dataKeyOf, datasetOf, ledgerOf, parseWrapped, str, versionOf, type Row } from './store-row-mappers.js';
import type { CheckpointRecord, ChunkRecord, DataKeyRecord, DatasetRecord, LedgerDraft, LedgerEntryRecord, LedgerHead, SigningKeyRecord, VersionRecord } from './vault-records.js';
import type { VaultMutation, VaultStore } from './vault-store.js';
import { assertDeletable, assertLegalHoldChange, assertRetentionChange, assertStatusChange, fromTriggerError } from './write-once-rules.js';

/** An arbitrary but fixed advisory-lock key that serialises schema creation across processes. */
const SCHEMA_LOCK = 0x616e7469;

/** The same tables and write-once rules as the SQLite driver, in PL/pgSQL. Times and JSON are kept as exact text. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS signing_keys (key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, wrapped_private_key TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, created_by TEXT NOT NULL, retain_until TEXT, legal_hold BOOLEAN NOT NULL DEFAULT FALSE, deleted_at TEXT);
CREATE TABLE IF NOT EXISTS data_keys (id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets(id), wrapped TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (root TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets(id), manifest TEXT NOT NULL, manifest_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','quarantined','verified','rejected')), committed_by TEXT NOT NULL, committed_at TEXT NOT NULL, ord BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (dataset_id TEXT NOT NULL REFERENCES datasets(id), hash TEXT NOT NULL, blob_hash TEXT NOT NULL, data_key_id TEXT NOT NULL REFERENCES data_keys(id),
  size_bytes BIGINT NOT NULL, PRIMARY KEY (dataset_id, hash));
CREATE TABLE IF NOT EXISTS ledger_entries (seq BIGINT PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, origin TEXT NOT NULL, result TEXT NOT NULL, details TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, at TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);

CREATE OR REPLACE FUNCTION antidote_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'write-once: % on % is not allowed', TG_OP, TG_TABLE_NAME; END $$;

CREATE OR REPLACE FUNCTION antidote_versions_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.root IS DISTINCT FROM OLD.root OR NEW.dataset_id IS DISTINCT FROM OLD.dataset_id OR NEW.manifest IS DISTINCT FROM OLD.manifest
     OR NEW.manifest_hash IS DISTINCT FROM OLD.manifest_hash OR NEW.committed_by IS DISTINCT FROM OLD.committed_by
     OR NEW.committed_at IS DISTINCT FROM OLD.committed_at OR NEW.ord IS DISTINCT FROM OLD.ord THEN
    RAISE EXCEPTION 'write-once: a committed version cannot be changed, only its status moved forward';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT ((OLD.status = 'pending' AND NEW.status IN ('quarantined','verified','rejected'))
     OR (OLD.status = 'quarantined' AND NEW.status IN ('verified','rejected'))) THEN
    RAISE EXCEPTION 'write-once: a version status only moves forward (pending -> quarantined -> verified or rejected)';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION antidote_datasets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by
     OR OLD.deleted_at IS NOT NULL
     OR (OLD.retain_until IS NOT NULL AND (NEW.retain_until IS NULL OR NEW.retain_until < OLD.retain_until))
     OR (NEW.deleted_at IS NOT NULL AND (NEW.legal_hold OR (NEW.retain_until IS NOT NULL AND NEW.retain_until > NEW.deleted_at))) THEN
    RAISE EXCEPTION 'write-once: a dataset under retention or legal hold cannot be deleted, retention only extends, and a deleted dataset is final';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION antidote_data_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.dataset_id IS DISTINCT FROM OLD.dataset_id OR NEW.created_at IS DISTINCT FROM OLD.created_at OR OLD.wrapped IS NULL
     OR (NEW.wrapped IS NULL AND (SELECT deleted_at FROM datasets WHERE id = OLD.dataset_id) IS NULL) THEN
    RAISE EXCEPTION 'write-once: a data key is only re-wrapped, or shredded when its dataset is deleted';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER versions_no_delete BEFORE DELETE ON versions FOR EACH ROW EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER versions_update BEFORE UPDATE ON versions FOR EACH ROW EXECUTE FUNCTION antidote_versions_update();
CREATE OR REPLACE TRIGGER chunks_frozen BEFORE UPDATE OR DELETE ON chunks FOR EACH ROW EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER ledger_frozen BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER checkpoints_frozen BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER datasets_no_delete BEFORE DELETE ON datasets FOR EACH ROW EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER datasets_update BEFORE UPDATE ON datasets FOR EACH ROW EXECUTE FUNCTION antidote_datasets_update();
CREATE OR REPLACE TRIGGER data_keys_no_delete BEFORE DELETE ON data_keys FOR EACH ROW EXECUTE FUNCTION antidote_refuse();
CREATE OR REPLACE TRIGGER data_keys_update BEFORE UPDATE ON data_keys FOR EACH ROW EXECUTE FUNCTION antidote_data_keys_update();
`;

type Query = (text: string, values?: readonly unknown[]) => Promise<Row[]>;

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/**
 * The scale-out {@link VaultStore}: metadata and ledger in PostgreSQL through `pg`. Each write is one
 * transaction that first takes an exclusive lock on the ledger table, so appends from several
 * servers are serialised and the hash chain stays linear.
 *
 * @example
 * const store = await PostgresVaultStore.open('postgres://postgres@127.0.0.1:5440/antidote');
 */
export class PostgresVaultStore implements VaultStore {
  readonly driver = 'postgres';
  private readonly pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects and creates the schema when missing; `readonly` touches nothing (offline verification must not restore dropped triggers). */
  static async open(connectionString: string, options: { readonly readonly?: boolean } = {}): Promise<PostgresVaultStore> {
    const pool = new pg.Pool({ connectionString, max: 4 });
    const store = new PostgresVaultStore(pool);
    if (options.readonly) return store;
    try {
      await store.inTransaction(async (q) => {
        await q('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await q(SCHEMA);
      });
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  private async inTransaction<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const q: Query = async (text, values) => (await client.query(text, values as unknown[] | undefined)).rows as Row[];
    try {
      await client.query('BEGIN');
      const out = await fn(q);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async query(text: string, values?: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query(text, values as unknown[] | undefined)).rows as Row[];
  }

  async write(mutations: readonly VaultMutation[], draft: LedgerDraft): Promise<LedgerEntryRecord> {
    try {
      return await this.inTransaction(async (q) => {
        await q('LOCK TABLE ledger_entries IN EXCLUSIVE MODE');
        for (const m of mutations) await this.apply(q, m);
        const last = (await q('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1'))[0];
        const head: LedgerHead = last ? { seq: Number(last.seq), hash: str(last.hash) } : { seq: 0, hash: GENESIS_HASH };
        const e = sealLedgerEntry(head, draft);
        await q('INSERT INTO ledger_entries (seq, prev_hash, hash, at, actor, action, target, origin, result, details) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)', [
          e.seq,
          e.prevHash,
          e.hash,
          e.at,
          e.actor,
          e.action,
          e.target,
          e.origin,
          e.result,
          strictCanonicalJson(e.details),
        ]);
        return e;
      });
    } catch (e) {
      throw fromTriggerError(e);
    }
  }

  private async datasetIn(q: Query, id: string): Promise<DatasetRecord | undefined> {
    const r = (await q('SELECT * FROM datasets WHERE id = $1', [id]))[0];
    return r && datasetOf(r);
  }

  private async apply(q: Query, m: VaultMutation): Promise<void> {
    switch (m.kind) {
      case 'putSigningKey':
        await q('INSERT INTO signing_keys (key_id, public_key, wrapped_private_key, created_at) VALUES ($1,$2,$3,$4)', [
          m.key.keyId,
          m.key.publicKey,
          strictCanonicalJson(m.key.wrappedPrivateKey),
          m.key.createdAt,
        ]);
        return;
      case 'createDataset': {
        const d = m.dataset;
        if (await this.datasetIn(q, d.id)) throw new AntidoteError('conflict', `dataset "${d.id}" already exists`);
        await q('INSERT INTO datasets (id, created_at, created_by, retain_until, legal_hold, deleted_at) VALUES ($1,$2,$3,$4,$5,NULL)', [
          d.id,
          d.createdAt,
          d.createdBy,
          d.retainUntil,
          d.legalHold,
        ]);
        return;
      }
      case 'putDataKey': {
        const d = await this.datasetIn(q, m.key.datasetId);
        if (!d || d.deletedAt !== null) throw new AntidoteError('not_found', `dataset "${m.key.datasetId}" does not exist or was deleted`);
        await q('INSERT INTO data_keys (id, dataset_id, wrapped, created_at) VALUES ($1,$2,$3,$4)', [
          m.key.id,
          m.key.datasetId,
          m.key.wrapped === null ? null : strictCanonicalJson(m.key.wrapped),
          m.key.createdAt,
        ]);
        return;
      }
      case 'putVersion': {
        const v = m.version;
        const d = await this.datasetIn(q, v.datasetId);
        if (!d || d.deletedAt !== null) throw new AntidoteError('not_found', `dataset "${v.datasetId}" does not exist or was deleted`);
        if ((await q('SELECT 1 FROM versions WHERE root = $1', [v.root])).length > 0) throw new AntidoteError('conflict', `version ${v.root} is already committed`);
        await q(
          'INSERT INTO versions (root, dataset_id, manifest, manifest_hash, status, committed_by, committed_at, ord) VALUES ($1,$2,$3,$4,$5,$6,$7,(SELECT COALESCE(MAX(ord), 0) + 1 FROM versions))',
          [v.root, v.datasetId, v.manifest, v.manifestHash, v.status, v.committedBy, v.committedAt],
        );
        for (const c of m.chunks) {
          await q('INSERT INTO chunks (dataset_id, hash, blob_hash, data_key_id, size_bytes) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING', [
            c.datasetId,
            c.hash,
            c.blobHash,
            c.dataKeyId,
            c.sizeBytes,
          ]);
        }
        return;
      }
      case 'setVersionStatus': {
        const r = (await q('SELECT * FROM versions WHERE root = $1', [m.root]))[0];
        assertStatusChange(r && versionOf(r), m.root, m.from, m.to);
        await q('UPDATE versions SET status = $1 WHERE root = $2 AND status = $3', [m.to, m.root, m.from]);
        return;
      }
      case 'setRetention':
        assertRetentionChange(await this.datasetIn(q, m.datasetId), m.datasetId, m.retainUntil);
        await q('UPDATE datasets SET retain_until = $1 WHERE id = $2', [m.retainUntil, m.datasetId]);
        return;
      case 'setLegalHold':
        assertLegalHoldChange(await this.datasetIn(q, m.datasetId), m.datasetId);
        await q('UPDATE datasets SET legal_hold = $1 WHERE id = $2', [m.legalHold, m.datasetId]);
        return;
      case 'deleteDataset':
        assertDeletable(await this.datasetIn(q, m.datasetId), m.datasetId, m.deletedAt);
        await q('UPDATE datasets SET deleted_at = $1 WHERE id = $2', [m.deletedAt, m.datasetId]);
        await q('UPDATE data_keys SET wrapped = NULL WHERE dataset_id = $1', [m.datasetId]);
        return;
      case 'rewrapKeys':
        for (const k of m.dataKeys) {
          const r = await q('UPDATE data_keys SET wrapped = $1 WHERE id = $2 AND wrapped IS NOT NULL RETURNING id', [strictCanonicalJson(k.wrapped), k.id]);
          if (r.length !== 1) throw new AntidoteError('not_found', `data key "${k.id}" does not exist or was shredded`);
        }
        for (const k of m.signingKeys) {
          const r = await q('UPDATE signing_keys SET wrapped_private_key = $1 WHERE key_id = $2 RETURNING key_id', [strictCanonicalJson(k.wrappedPrivateKey), k.keyId]);
          if (r.length !== 1) throw new AntidoteError('not_found', `signing key "${k.keyId}" does not exist`);
        }
        return;
    }
  }

  async addCheckpoint(c: CheckpointRecord): Promise<void> {
    try {
      await this.query('INSERT INTO checkpoints (seq, hash, at, key_id, signature) VALUES ($1,$2,$3,$4,$5)', [c.seq, c.hash, c.at, c.keyId, c.signature]);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AntidoteError('conflict', `a checkpoint at ledger entry ${c.seq} already exists`);
      throw e;
    }
  }

  async signingKeys(): Promise<readonly SigningKeyRecord[]> {
    return (await this.query('SELECT * FROM signing_keys ORDER BY created_at, key_id')).map((r) => ({
      keyId: str(r.key_id),
      publicKey: str(r.public_key),
      wrappedPrivateKey: parseWrapped(r.wrapped_private_key),
      createdAt: str(r.created_at),
    }));
  }
  async dataset(id: string): Promise<DatasetRecord | undefined> {
    const r = (await this.query('SELECT * FROM datasets WHERE id = $1', [id]))[0];
    return r && datasetOf(r);
  }
  async datasets(): Promise<readonly DatasetRecord[]> {
    return (await this.query('SELECT * FROM datasets ORDER BY id')).map(datasetOf);
  }
  async dataKey(id: string): Promise<DataKeyRecord | undefined> {
    const r = (await this.query('SELECT * FROM data_keys WHERE id = $1', [id]))[0];
    return r && dataKeyOf(r);
  }
  async dataKeys(): Promise<readonly DataKeyRecord[]> {
    return (await this.query('SELECT * FROM data_keys ORDER BY id')).map(dataKeyOf);
  }
  async version(root: string): Promise<VersionRecord | undefined> {
    const r = (await this.query('SELECT * FROM versions WHERE root = $1', [root]))[0];
    return r && versionOf(r);
  }
  async versions(datasetId?: string): Promise<readonly VersionRecord[]> {
    const rows =
      datasetId === undefined
        ? await this.query('SELECT * FROM versions ORDER BY ord')
        : await this.query('SELECT * FROM versions WHERE dataset_id = $1 ORDER BY ord', [datasetId]);
    return rows.map(versionOf);
  }
  async chunk(datasetId: string, hash: string): Promise<ChunkRecord | undefined> {
    const r = (await this.query('SELECT * FROM chunks WHERE dataset_id = $1 AND hash = $2', [datasetId, hash]))[0];
    return r && chunkOf(r);
  }
  async chunks(): Promise<readonly ChunkRecord[]> {
    return (await this.query('SELECT * FROM chunks ORDER BY dataset_id, hash')).map(chunkOf);
  }
  async ledger(fromSeq = 1, limit?: number): Promise<readonly LedgerEntryRecord[]> {
    const rows =
      limit === undefined
        ? await this.query('SELECT * FROM ledger_entries WHERE seq >= $1 ORDER BY seq', [fromSeq])
        : await this.query('SELECT * FROM ledger_entries WHERE seq >= $1 ORDER BY seq LIMIT $2', [fromSeq, limit]);
    return rows.map(ledgerOf);
  }
  async ledgerHead(): Promise<LedgerHead> {
    const r = (await this.query('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1'))[0];
    return r ? { seq: Number(r.seq), hash: str(r.hash) } : { seq: 0, hash: GENESIS_HASH };
  }
  async checkpoints(): Promise<readonly CheckpointRecord[]> {
    return (await this.query('SELECT * FROM checkpoints ORDER BY seq')).map(checkpointOf);
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}
