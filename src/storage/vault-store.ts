import type { WrappedKey } from '../crypto/envelope-encryption.js';
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
  VersionStatus,
} from './vault-records.js';

/**
 * One change to the vault's metadata. A store applies a list of them together with one ledger
 * entry in a single transaction (all or nothing), so nothing changes without its audit record.
 * There is no mutation that edits or removes a committed version.
 */
export type VaultMutation =
  | { readonly kind: 'putSigningKey'; readonly key: SigningKeyRecord }
  | { readonly kind: 'createDataset'; readonly dataset: DatasetRecord }
  | { readonly kind: 'putDataKey'; readonly key: DataKeyRecord }
  | { readonly kind: 'putVersion'; readonly version: VersionRecord; readonly chunks: readonly ChunkRecord[] }
  | { readonly kind: 'setVersionStatus'; readonly root: string; readonly from: VersionStatus; readonly to: VersionStatus }
  | { readonly kind: 'setRetention'; readonly datasetId: string; readonly retainUntil: string }
  | { readonly kind: 'setLegalHold'; readonly datasetId: string; readonly legalHold: boolean }
  | { readonly kind: 'deleteDataset'; readonly datasetId: string; readonly deletedAt: string }
  | {
      readonly kind: 'rewrapKeys';
      readonly dataKeys: readonly { readonly id: string; readonly wrapped: WrappedKey }[];
      readonly signingKeys: readonly { readonly keyId: string; readonly wrappedPrivateKey: WrappedKey }[];
    };

/** The kinds of {@link VaultMutation}. */
export type VaultMutationKind = VaultMutation['kind'];

/**
 * The narrow driver interface behind the vault's metadata (after Kysely's dialect drivers): one
 * SQLite and one PostgreSQL implementation pass the same contract suite
 * (`test/contracts/storage-driver-contract.ts`). Blobs live beside it in a {@link BlobStore}.
 *
 * Write-once rules every driver enforces (and backs with SQL triggers): a version, chunk, ledger
 * entry or checkpoint is never updated or deleted, except a version's status moving forward; a
 * dataset is never removed, only tombstoned by `deleteDataset` once its retention has passed and no
 * legal hold is set, which shreds its data keys; retention can only be extended.
 */
export interface VaultStore {
  /** `sqlite` or `postgres`. */
  readonly driver: string;
  /**
   * Applies `mutations` and appends the ledger entry `draft` atomically; returns the sealed entry.
   * Throws `conflict` (a version or dataset exists, a status moved meanwhile), `forbidden` (retention,
   * legal hold, write-once) or `not_found`; on any throw nothing was written.
   */
  write(mutations: readonly VaultMutation[], draft: LedgerDraft): Promise<LedgerEntryRecord>;
  /** Stores a ledger checkpoint (insert only). */
  addCheckpoint(checkpoint: CheckpointRecord): Promise<void>;

  signingKeys(): Promise<readonly SigningKeyRecord[]>;
  dataset(id: string): Promise<DatasetRecord | undefined>;
  datasets(): Promise<readonly DatasetRecord[]>;
  dataKey(id: string): Promise<DataKeyRecord | undefined>;
  dataKeys(): Promise<readonly DataKeyRecord[]>;
  version(root: string): Promise<VersionRecord | undefined>;
  /** Versions in commit order (of one dataset when given). */
  versions(datasetId?: string): Promise<readonly VersionRecord[]>;
  chunk(datasetId: string, hash: string): Promise<ChunkRecord | undefined>;
  chunks(): Promise<readonly ChunkRecord[]>;
  /** Ledger entries with `seq >= fromSeq`, in order, at most `limit`. */
  ledger(fromSeq?: number, limit?: number): Promise<readonly LedgerEntryRecord[]>;
  ledgerHead(): Promise<LedgerHead>;
  checkpoints(): Promise<readonly CheckpointRecord[]>;
  close(): Promise<void>;
}
