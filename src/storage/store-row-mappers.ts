import type { WrappedKey } from '../crypto/envelope-encryption.js';
import type { CheckpointRecord, ChunkRecord, DataKeyRecord, DatasetRecord, LedgerEntryRecord, LedgerResult, VersionRecord, VersionStatus } from './vault-records.js';

/** A database row by column name, as both drivers return it. */
export interface Row {
  readonly [column: string]: unknown;
}

/** A column value as text. */
export const str = (v: unknown): string => String(v);
/** A wrapped-key column (canonical JSON) as a {@link WrappedKey}. */
export const parseWrapped = (v: unknown): WrappedKey => JSON.parse(str(v)) as WrappedKey;

/** Row → record converters shared by the SQLite and PostgreSQL drivers (same column names in both schemas). */
export function datasetOf(r: Row): DatasetRecord {
  return {
    id: str(r.id),
    createdAt: str(r.created_at),
    createdBy: str(r.created_by),
    retainUntil: r.retain_until === null ? null : str(r.retain_until),
    legalHold: Number(r.legal_hold) !== 0,
    deletedAt: r.deleted_at === null ? null : str(r.deleted_at),
  };
}
/** A `data_keys` row as a record. */
export function dataKeyOf(r: Row): DataKeyRecord {
  return { id: str(r.id), datasetId: str(r.dataset_id), wrapped: r.wrapped === null ? null : parseWrapped(r.wrapped), createdAt: str(r.created_at) };
}
/** A `versions` row as a record. */
export function versionOf(r: Row): VersionRecord {
  return {
    root: str(r.root),
    datasetId: str(r.dataset_id),
    manifest: str(r.manifest),
    manifestHash: str(r.manifest_hash),
    status: str(r.status) as VersionStatus,
    committedBy: str(r.committed_by),
    committedAt: str(r.committed_at),
  };
}
/** A `chunks` row as a record. */
export function chunkOf(r: Row): ChunkRecord {
  return { datasetId: str(r.dataset_id), hash: str(r.hash), blobHash: str(r.blob_hash), dataKeyId: str(r.data_key_id), sizeBytes: Number(r.size_bytes) };
}
/** A `ledger_entries` row as a record (details parsed from canonical JSON). */
export function ledgerOf(r: Row): LedgerEntryRecord {
  return {
    seq: Number(r.seq),
    prevHash: str(r.prev_hash),
    hash: str(r.hash),
    at: str(r.at),
    actor: str(r.actor),
    action: str(r.action),
    target: str(r.target),
    origin: str(r.origin),
    result: str(r.result) as LedgerResult,
    details: JSON.parse(str(r.details)) as Record<string, unknown>,
  };
}
/** A `checkpoints` row as a record. */
export function checkpointOf(r: Row): CheckpointRecord {
  return { seq: Number(r.seq), hash: str(r.hash), at: str(r.at), keyId: str(r.key_id), signature: str(r.signature) };
}

