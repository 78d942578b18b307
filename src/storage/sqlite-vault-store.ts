import Database from 'better-sqlite3';
import { AntidoteError } from '../core/errors.js';
import { GENESIS_HASH } from '../crypto/hash-chain.js';
import { strictCanonicalJson } from '../crypto/canonical-bytes.js';
import { sealLedgerEntry } from './ledger-entry.js';
import { checkpointOf, chunkOf, dataKeyOf, datasetOf, ledgerOf, parseWrapped, str, versionOf, type Row } from './store-row-mappers.js';
import type {
  CheckpointRecord,
  ChunkRecord,
  DataKeyRecord,
  DatasetRecord,
  LedgerDraft,
  LedgerEntryRecord,
  LedgerHead,
  SigningKeyRecord,
  VersionRecord,
} from './vault-records.js';
import type { VaultMutation, VaultStore } from './vault-store.js';
import { assertDeletable, assertLegalHoldChange, assertRetentionChange, assertStatusChange, fromTriggerError } from './write-once-rules.js';

/**
 * The write-once rules in SQL, so a change made with the sqlite3 shell is refused too (it can drop
 * the triggers, which is why `verifyDataFolder` exists). Shared text with the PostgreSQL driver is
 * not possible: the trigger languages differ.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS signing_keys (key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, wrapped_private_key TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, created_by TEXT NOT NULL, retain_until TEXT, legal_hold INTEGER NOT NULL DEFAULT 0, deleted_at TEXT);
CREATE TABLE IF NOT EXISTS data_keys (id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets(id), wrapped TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (root TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets(id), manifest TEXT NOT NULL, manifest_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','quarantined','verified','rejected')), committed_by TEXT NOT NULL, committed_at TEXT NOT NULL, ord INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (dataset_id TEXT NOT NULL REFERENCES datasets(id), hash TEXT NOT NULL, blob_hash TEXT NOT NULL, data_key_id TEXT NOT NULL REFERENCES data_keys(id),
  size_bytes INTEGER NOT NULL, PRIMARY KEY (dataset_id, hash));
CREATE TABLE IF NOT EXISTS ledger_entries (seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, origin TEXT NOT NULL, result TEXT NOT NULL, details TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, at TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);

CREATE TRIGGER IF NOT EXISTS versions_no_delete BEFORE DELETE ON versions BEGIN SELECT RAISE(ABORT, 'write-once: committed versions cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS versions_immutable BEFORE UPDATE ON versions
  WHEN NEW.root IS NOT OLD.root OR NEW.dataset_id IS NOT OLD.dataset_id OR NEW.manifest IS NOT OLD.manifest OR NEW.manifest_hash IS NOT OLD.manifest_hash
    OR NEW.committed_by IS NOT OLD.committed_by OR NEW.committed_at IS NOT OLD.committed_at OR NEW.ord IS NOT OLD.ord
  BEGIN SELECT RAISE(ABORT, 'write-once: a committed version cannot be changed, only its status moved forward'); END;
CREATE TRIGGER IF NOT EXISTS versions_status_forward BEFORE UPDATE OF status ON versions
  WHEN NEW.status IS NOT OLD.status AND NOT ((OLD.status = 'pending' AND NEW.status IN ('quarantined','verified','rejected'))
    OR (OLD.status = 'quarantined' AND NEW.status IN ('verified','rejected')))
  BEGIN SELECT RAISE(ABORT, 'write-once: a version status only moves forward (pending -> quarantined -> verified or rejected)'); END;
CREATE TRIGGER IF NOT EXISTS chunks_no_update BEFORE UPDATE ON chunks BEGIN SELECT RAISE(ABORT, 'write-once: chunk index rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS chunks_no_delete BEFORE DELETE ON chunks BEGIN SELECT RAISE(ABORT, 'write-once: chunk index rows cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'write-once: ledger entries cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'write-once: ledger entries cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'write-once: checkpoints cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'write-once: checkpoints cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS datasets_no_delete BEFORE DELETE ON datasets BEGIN SELECT RAISE(ABORT, 'write-once: datasets are never removed, only tombstoned after retention'); END;
CREATE TRIGGER IF NOT EXISTS datasets_rules BEFORE UPDATE ON datasets
  WHEN NEW.id IS NOT OLD.id OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
    OR OLD.deleted_at IS NOT NULL
    OR (OLD.retain_until IS NOT NULL AND (NEW.retain_until IS NULL OR NEW.retain_until < OLD.retain_until))
    OR (NEW.deleted_at IS NOT NULL AND (NEW.legal_hold <> 0 OR (NEW.retain_until IS NOT NULL AND NEW.retain_until > NEW.deleted_at)))
  BEGIN SELECT RAISE(ABORT, 'write-once: a dataset under retention or legal hold cannot be deleted, retention only extends, and a deleted dataset is final'); END;
CREATE TRIGGER IF NOT EXISTS data_keys_no_delete BEFORE DELETE ON data_keys BEGIN SELECT RAISE(ABORT, 'write-once: data keys are shredded by dataset deletion, never removed'); END;
CREATE TRIGGER IF NOT EXISTS data_keys_rules BEFORE UPDATE ON data_keys
  WHEN NEW.id IS NOT OLD.id OR NEW.dataset_id IS NOT OLD.dataset_id OR NEW.created_at IS NOT OLD.created_at OR OLD.wrapped IS NULL
    OR (NEW.wrapped IS NULL AND (SELECT deleted_at FROM datasets WHERE id = OLD.dataset_id) IS NULL)
  BEGIN SELECT RAISE(ABORT, 'write-once: a data key is only re-wrapped, or shredded when its dataset is deleted'); END;
`;

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/.test(e.message);
}

/**
 * The embedded, zero-configuration {@link VaultStore}: one SQLite file through better-sqlite3, in
 * WAL mode with `synchronous = FULL` (a committed transaction survives a crash of the process or
 * the machine), every write in one `BEGIN IMMEDIATE` transaction.
 *
 * @example
 * const store = SqliteVaultStore.open('/data/vault.db');
 * await store.write([{ kind: 'createDataset', dataset }], draft);
 */
export class SqliteVaultStore implements VaultStore {
  readonly driver = 'sqlite';
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating when missing) the database file; `readonly` opens an existing file without writing. */
  static open(file: string, options: { readonly readonly?: boolean } = {}): SqliteVaultStore {
    const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
    }
    return new SqliteVaultStore(db);
  }

  async write(mutations: readonly VaultMutation[], draft: LedgerDraft): Promise<LedgerEntryRecord> {
    const run = this.db.transaction(() => {
      for (const m of mutations) this.apply(m);
      const entry = sealLedgerEntry(this.head(), draft);
      this.db
        .prepare('INSERT INTO ledger_entries (seq, prev_hash, hash, at, actor, action, target, origin, result, details) VALUES (?,?,?,?,?,?,?,?,?,?)')
        .run(entry.seq, entry.prevHash, entry.hash, entry.at, entry.actor, entry.action, entry.target, entry.origin, entry.result, strictCanonicalJson(entry.details));
      return entry;
    });
    try {
      return run.immediate();
    } catch (e) {
      throw fromTriggerError(e);
    }
  }

  private apply(m: VaultMutation): void {
    const db = this.db;
    switch (m.kind) {
      case 'putSigningKey':
        db.prepare('INSERT INTO signing_keys (key_id, public_key, wrapped_private_key, created_at) VALUES (?,?,?,?)').run(
          m.key.keyId,
          m.key.publicKey,
          strictCanonicalJson(m.key.wrappedPrivateKey),
          m.key.createdAt,
        );
        return;
      case 'createDataset': {
        const d = m.dataset;
        if (this.datasetNow(d.id)) throw new AntidoteError('conflict', `dataset "${d.id}" already exists`);
        db.prepare('INSERT INTO datasets (id, created_at, created_by, retain_until, legal_hold, deleted_at) VALUES (?,?,?,?,?,NULL)').run(
          d.id,
          d.createdAt,
          d.createdBy,
          d.retainUntil,
          d.legalHold ? 1 : 0,
        );
        return;
      }
      case 'putDataKey': {
        const d = this.datasetNow(m.key.datasetId);
        if (!d || d.deletedAt !== null) throw new AntidoteError('not_found', `dataset "${m.key.datasetId}" does not exist or was deleted`);
        db.prepare('INSERT INTO data_keys (id, dataset_id, wrapped, created_at) VALUES (?,?,?,?)').run(
          m.key.id,
          m.key.datasetId,
          m.key.wrapped === null ? null : strictCanonicalJson(m.key.wrapped),
          m.key.createdAt,
        );
        return;
      }
      case 'putVersion': {
        const v = m.version;
        const d = this.datasetNow(v.datasetId);
        if (!d || d.deletedAt !== null) throw new AntidoteError('not_found', `dataset "${v.datasetId}" does not exist or was deleted`);
        if (db.prepare('SELECT 1 FROM versions WHERE root = ?').get(v.root)) throw new AntidoteError('conflict', `version ${v.root} is already committed`);
        const ord = Number((db.prepare('SELECT COALESCE(MAX(ord), 0) + 1 AS n FROM versions').get() as Row).n);
        db.prepare('INSERT INTO versions (root, dataset_id, manifest, manifest_hash, status, committed_by, committed_at, ord) VALUES (?,?,?,?,?,?,?,?)').run(
          v.root,
          v.datasetId,
          v.manifest,
          v.manifestHash,
          v.status,
          v.committedBy,
          v.committedAt,
          ord,
        );
        const insert = db.prepare('INSERT OR IGNORE INTO chunks (dataset_id, hash, blob_hash, data_key_id, size_bytes) VALUES (?,?,?,?,?)');
        for (const c of m.chunks) insert.run(c.datasetId, c.hash, c.blobHash, c.dataKeyId, c.sizeBytes);
        return;
      }
      case 'setVersionStatus': {
        const row = db.prepare('SELECT * FROM versions WHERE root = ?').get(m.root) as Row | undefined;
        assertStatusChange(row && versionOf(row), m.root, m.from, m.to);
        db.prepare('UPDATE versions SET status = ? WHERE root = ? AND status = ?').run(m.to, m.root, m.from);
        return;
      }
      case 'setRetention':
        assertRetentionChange(this.datasetNow(m.datasetId), m.datasetId, m.retainUntil);
        db.prepare('UPDATE datasets SET retain_until = ? WHERE id = ?').run(m.retainUntil, m.datasetId);
        return;
      case 'setLegalHold':
        assertLegalHoldChange(this.datasetNow(m.datasetId), m.datasetId);
        db.prepare('UPDATE datasets SET legal_hold = ? WHERE id = ?').run(m.legalHold ? 1 : 0, m.datasetId);
        return;
      case 'deleteDataset':
        assertDeletable(this.datasetNow(m.datasetId), m.datasetId, m.deletedAt);
        db.prepare('UPDATE datasets SET deleted_at = ? WHERE id = ?').run(m.deletedAt, m.datasetId);
        db.prepare('UPDATE data_keys SET wrapped = NULL WHERE dataset_id = ?').run(m.datasetId);
        return;
      case 'rewrapKeys':
        for (const k of m.dataKeys) {
          const r = db.prepare('UPDATE data_keys SET wrapped = ? WHERE id = ? AND wrapped IS NOT NULL').run(strictCanonicalJson(k.wrapped), k.id);
          if (r.changes !== 1) throw new AntidoteError('not_found', `data key "${k.id}" does not exist or was shredded`);
        }
        for (const k of m.signingKeys) {
          const r = db.prepare('UPDATE signing_keys SET wrapped_private_key = ? WHERE key_id = ?').run(strictCanonicalJson(k.wrappedPrivateKey), k.keyId);
          if (r.changes !== 1) throw new AntidoteError('not_found', `signing key "${k.keyId}" does not exist`);
        }
        return;
    }
  }

  private datasetNow(id: string): DatasetRecord | undefined {
    const r = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined;
    return r && datasetOf(r);
  }

  private head(): LedgerHead {
    const r = this.db.prepare('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1').get() as Row | undefined;
    return r ? { seq: Number(r.seq), hash: str(r.hash) } : { seq: 0, hash: GENESIS_HASH };
  }

  async addCheckpoint(c: CheckpointRecord): Promise<void> {
    try {
      this.db.prepare('INSERT INTO checkpoints (seq, hash, at, key_id, signature) VALUES (?,?,?,?,?)').run(c.seq, c.hash, c.at, c.keyId, c.signature);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AntidoteError('conflict', `a checkpoint at ledger entry ${c.seq} already exists`);
      throw e;
    }
  }

  async signingKeys(): Promise<readonly SigningKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM signing_keys ORDER BY created_at, key_id').all() as Row[]).map((r) => ({
      keyId: str(r.key_id),
      publicKey: str(r.public_key),
      wrappedPrivateKey: parseWrapped(r.wrapped_private_key),
      createdAt: str(r.created_at),
    }));
  }
  async dataset(id: string): Promise<DatasetRecord | undefined> {
    return this.datasetNow(id);
  }
  async datasets(): Promise<readonly DatasetRecord[]> {
    return (this.db.prepare('SELECT * FROM datasets ORDER BY id').all() as Row[]).map(datasetOf);
  }
  async dataKey(id: string): Promise<DataKeyRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM data_keys WHERE id = ?').get(id) as Row | undefined;
    return r && dataKeyOf(r);
  }
  async dataKeys(): Promise<readonly DataKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM data_keys ORDER BY id').all() as Row[]).map(dataKeyOf);
  }
  async version(root: string): Promise<VersionRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM versions WHERE root = ?').get(root) as Row | undefined;
    return r && versionOf(r);
  }
  async versions(datasetId?: string): Promise<readonly VersionRecord[]> {
    const rows =
      datasetId === undefined
        ? this.db.prepare('SELECT * FROM versions ORDER BY ord').all()
        : this.db.prepare('SELECT * FROM versions WHERE dataset_id = ? ORDER BY ord').all(datasetId);
    return (rows as Row[]).map(versionOf);
  }
  async chunk(datasetId: string, hash: string): Promise<ChunkRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM chunks WHERE dataset_id = ? AND hash = ?').get(datasetId, hash) as Row | undefined;
    return r && chunkOf(r);
  }
  async chunks(): Promise<readonly ChunkRecord[]> {
    return (this.db.prepare('SELECT * FROM chunks ORDER BY dataset_id, hash').all() as Row[]).map(chunkOf);
  }
  async ledger(fromSeq = 1, limit = -1): Promise<readonly LedgerEntryRecord[]> {
    return (this.db.prepare('SELECT * FROM ledger_entries WHERE seq >= ? ORDER BY seq LIMIT ?').all(fromSeq, limit) as Row[]).map(ledgerOf);
  }
  async ledgerHead(): Promise<LedgerHead> {
    return this.head();
  }
  async checkpoints(): Promise<readonly CheckpointRecord[]> {
    return (this.db.prepare('SELECT * FROM checkpoints ORDER BY seq').all() as Row[]).map(checkpointOf);
  }
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
