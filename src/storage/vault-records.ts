import type { WrappedKey } from '../crypto/envelope-encryption.js';

/**
 * The rows a vault store keeps, as plain data. Times are ISO-8601 UTC strings from
 * `Date.prototype.toISOString` (fixed width, so they compare as text in SQL). Hashes are 64 lowercase hex.
 */

/** The lifecycle of a dataset version. Only the transitions in {@link VERSION_TRANSITIONS} are allowed. */
export const VERSION_STATUSES = ['pending', 'quarantined', 'verified', 'rejected'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Allowed status changes: forward only; `verified` and `rejected` are final. */
export const VERSION_TRANSITIONS: Readonly<Record<VersionStatus, readonly VersionStatus[]>> = {
  pending: ['quarantined', 'verified', 'rejected'],
  quarantined: ['verified', 'rejected'],
  verified: [],
  rejected: [],
};

/** The outcome recorded with a ledger entry. */
export const LEDGER_RESULTS = ['ok', 'denied', 'failed'] as const;
export type LedgerResult = (typeof LEDGER_RESULTS)[number];

/** The vault's Ed25519 signing key: the private half only ever sealed under the master key. */
export interface SigningKeyRecord {
  readonly keyId: string;
  readonly publicKey: string;
  readonly wrappedPrivateKey: WrappedKey;
  readonly createdAt: string;
}

/** A dataset: a named series of versions sharing one data key, with its retention rules. */
export interface DatasetRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Deletion is refused before this time (null: no retention period). Can only be extended. */
  readonly retainUntil: string | null;
  /** While true, deletion is refused whatever the retention. */
  readonly legalHold: boolean;
  /** When the dataset was deleted (its data keys shredded); null while it lives. */
  readonly deletedAt: string | null;
}

/** A dataset's data key sealed under the master key; `wrapped` is null once shredded by deletion. */
export interface DataKeyRecord {
  readonly id: string;
  readonly datasetId: string;
  readonly wrapped: WrappedKey | null;
  readonly createdAt: string;
}

/** A committed version: its signed manifest (canonical JSON) is immutable; only `status` moves forward. */
export interface VersionRecord {
  /** The Merkle root of the version's chunk hashes: its identity. */
  readonly root: string;
  readonly datasetId: string;
  /** Canonical JSON of the signed manifest (manifest plus signature). */
  readonly manifest: string;
  /** SHA-256 of `manifest`. */
  readonly manifestHash: string;
  readonly status: VersionStatus;
  readonly committedBy: string;
  readonly committedAt: string;
}

/** The chunk index: a plaintext chunk hash within a dataset → the encrypted blob that holds it. */
export interface ChunkRecord {
  readonly datasetId: string;
  /** SHA-256 of the plaintext chunk (a Merkle leaf). */
  readonly hash: string;
  /** SHA-256 of the encrypted blob file (its name in the blob folder). */
  readonly blobHash: string;
  readonly dataKeyId: string;
  readonly sizeBytes: number;
}

/** What a caller says about an action; the store adds `seq`, `prevHash` and `hash`. */
export interface LedgerDraft {
  readonly at: string;
  /** Who: a user or token id, or `system`. */
  readonly actor: string;
  /** What: e.g. `version.commit`, `version.release`, `dataset.delete`, `auth.login`. */
  readonly action: string;
  /** On what: a dataset id, a version root, a user id. */
  readonly target: string;
  /** From where: a client address, `cli`, `local`. */
  readonly origin: string;
  readonly result: LedgerResult;
  readonly details: Readonly<Record<string, unknown>>;
}

/** One sealed ledger entry: `hash = SHA-256(prevHash ‖ canonical {seq, at, actor, action, target, origin, result, details})`. */
export interface LedgerEntryRecord extends LedgerDraft {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** A signed statement that the ledger entry `seq` had hash `hash`: lets anyone holding an export detect a rewritten ledger. */
export interface CheckpointRecord {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly keyId: string;
  /** Ed25519 over canonical `{ seq, hash, at, keyId }`. */
  readonly signature: string;
}

/** The last entry of the ledger (`seq` 0 and the genesis hash when empty). */
export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}
