import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AntidoteError, invalidInput, isAntidoteError } from '../core/errors.js';
import { generateSigningKeyPair, publicKeyOf, signCanonical } from '../crypto/ed25519-signer.js';
import { decryptChunk, encryptChunk, generateDataKey, rewrapDataKey, unwrapDataKey, wrapDataKey } from '../crypto/envelope-encryption.js';
import type { MasterKey } from '../crypto/master-key.js';
import { sha256Hex } from '../crypto/sha256.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { BlobStore } from '../storage/blob-store.js';
import { openVaultStore } from '../storage/open-vault-store.js';
import type { CheckpointRecord, DatasetRecord, LedgerEntryRecord, LedgerResult, VersionRecord, VersionStatus } from '../storage/vault-records.js';
import type { VaultMutation, VaultStore } from '../storage/vault-store.js';
import { checkpointExport, checkpointProblem, ledgerChainProblems, signCheckpoint, type CheckpointExport, type LedgerProblem } from './audit-ledger.js';
import { chunkBytes, chunkRows, DEFAULT_CHUNK_SIZE_BYTES, parseRows } from './chunking.js';
import { encodeSignedManifest, manifestProblem, parseSignedManifest, rootOfChunkHashes, type DatasetManifest, type ManifestChunk, type SignedManifest } from './dataset-manifest.js';
import { manifestDir, manifestPath, VAULT_FILE, type VaultDescriptor } from './vault-layout.js';

/** How to open a vault. */
export interface VaultOptions {
  /** The data folder: blobs, manifests, `vault.json` and (by default) the SQLite file. */
  readonly dataDir: string;
  /** Wraps every data key and the signing key; never stored in the database. */
  readonly masterKey: MasterKey;
  /** `postgres://…` for PostgreSQL metadata; omitted for SQLite in the data folder. */
  readonly db?: string;
  /** Chunk size for new versions (default 1 MiB). */
  readonly chunkSizeBytes?: number;
  /** Sign a checkpoint every this many ledger entries (default 100). */
  readonly checkpointEvery?: number;
  /** Remove leftovers of interrupted commits when opening (default true). Turn off when several servers share one data folder. */
  readonly sweepOnOpen?: boolean;
  /** The clock (default the system's). */
  readonly now?: () => Date;
}

/** Who acts and from where: recorded in the ledger with every action. */
export interface ActionContext {
  readonly actor: string;
  readonly origin: string;
}

/** What a version holds: raw bytes, or rows (stored as JSON Lines, chunked on row boundaries). */
export type VersionContent = Uint8Array | { readonly rows: readonly Readonly<Record<string, unknown>>[] };

/** Options of {@link Vault.commitVersion}. */
export interface CommitOptions extends ActionContext {
  /** The status it starts in (default `pending`). */
  readonly status?: Exclude<VersionStatus, 'rejected'>;
  readonly parent?: string;
  /** The caller's metadata: stored unencrypted in the manifest, so never data content. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A committed version as returned by commit. `duplicate` when identical content was already committed to the dataset. */
export interface CommittedVersion {
  readonly root: string;
  readonly status: VersionStatus;
  readonly signed: SignedManifest;
  readonly duplicate: boolean;
}

/** A version read back and verified. */
export interface VersionContentRead {
  readonly root: string;
  readonly status: VersionStatus;
  readonly signed: SignedManifest;
  readonly bytes: Buffer;
}

/** Counts of what a sweep removed. */
export interface SweepResult {
  readonly blobs: number;
  readonly manifests: number;
  readonly temp: number;
}

const DATASET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SIGNING_CONTEXT = (keyId: string) => `signing-key:${keyId}`;
const DATA_KEY_CONTEXT = (datasetId: string, keyId: string) => `dataset:${datasetId}/key:${keyId}`;
const CHUNK_CONTEXT = (datasetId: string, hash: string) => `${datasetId}/${hash}`;

/**
 * The write-once dataset vault: content-addressed, encrypted chunks; versions as Ed25519-signed
 * manifests with a Merkle root; every action in a hash-chained ledger written in the same
 * transaction as the change it records.
 *
 * Crash safety: a commit first writes every encrypted blob and the manifest file durably (atomic
 * rename + fsync), and only then makes the version visible in ONE metadata transaction that also
 * appends its ledger entry. A crash before that transaction leaves only unreferenced files, which
 * the sweep at the next open removes; a crash after it leaves the whole version.
 *
 * @example
 * const vault = await Vault.open({ dataDir: '/srv/antidote', masterKey: loadMasterKey({ env: process.env }) });
 * const who = { actor: 'alice', origin: '10.0.0.7' };
 * await vault.createDataset('spam-train', who);
 * const v = await vault.commitVersion('spam-train', { rows: [{ text: 'hi', label: 0 }] }, { ...who, status: 'quarantined' });
 * await vault.releaseVersion(v.root, 'verified', { actor: 'bob', origin: '10.0.0.8' }); // four eyes: not alice
 * const { bytes } = await vault.readVersion(v.root); // verified chunk by chunk
 */
export class Vault {
  readonly dataDir: string;
  readonly store: VaultStore;
  readonly blobs: BlobStore;
  private master: MasterKey;
  private readonly signer: { readonly keyId: string; readonly publicKey: string; readonly privateKey: string };
  private readonly chunkSizeBytes: number;
  private readonly checkpointEvery: number;
  private readonly now: () => Date;
  private readonly dataKeys = new Map<string, Buffer>();

  private constructor(
    options: VaultOptions,
    store: VaultStore,
    signer: { readonly keyId: string; readonly publicKey: string; readonly privateKey: string },
  ) {
    this.dataDir = options.dataDir;
    this.store = store;
    this.blobs = new BlobStore(options.dataDir);
    this.master = options.masterKey;
    this.signer = signer;
    this.chunkSizeBytes = options.chunkSizeBytes ?? DEFAULT_CHUNK_SIZE_BYTES;
    this.checkpointEvery = options.checkpointEvery ?? 100;
    this.now = options.now ?? (() => new Date());
  }

  /** Opens (creating on first use) the vault in `options.dataDir`. Throws `unauthorized` for the wrong master key. */
  static async open(options: VaultOptions): Promise<Vault> {
    if (options.chunkSizeBytes !== undefined && (!Number.isInteger(options.chunkSizeBytes) || options.chunkSizeBytes < 1)) {
      throw invalidInput(`chunkSizeBytes must be a positive integer; got ${options.chunkSizeBytes}`);
    }
    const store = await openVaultStore({ dataDir: options.dataDir, ...(options.db !== undefined ? { db: options.db } : {}) });
    try {
      const now = (options.now ?? (() => new Date()))().toISOString();
      const keys = await store.signingKeys();
      let signer: { keyId: string; publicKey: string; privateKey: string };
      if (keys.length === 0) {
        const pair = generateSigningKeyPair();
        signer = pair;
        await store.write(
          [{ kind: 'putSigningKey', key: { keyId: pair.keyId, publicKey: pair.publicKey, wrappedPrivateKey: wrapDataKey(Buffer.from(pair.privateKey, 'base64url'), options.masterKey, SIGNING_CONTEXT(pair.keyId)), createdAt: now } }],
          { at: now, actor: 'system', action: 'vault.init', target: 'vault', origin: 'local', result: 'ok', details: { signingKeyId: pair.keyId, publicKey: pair.publicKey, masterKeyId: options.masterKey.id, driver: store.driver } },
        );
      } else {
        const k = keys[keys.length - 1]!;
        const privateKey = unwrapDataKey(k.wrappedPrivateKey, options.masterKey, SIGNING_CONTEXT(k.keyId)).toString('base64url');
        if (publicKeyOf(privateKey) !== k.publicKey) throw new AntidoteError('integrity_violation', `signing key ${k.keyId}: the stored public key does not belong to the wrapped private key`);
        signer = { keyId: k.keyId, publicKey: k.publicKey, privateKey };
      }
      const vault = new Vault(options, store, signer);
      vault.writeDescriptor(now);
      if (options.sweepOnOpen ?? true) await vault.sweepOrphans();
      return vault;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  private writeDescriptor(now: string): void {
    const file = join(this.dataDir, VAULT_FILE);
    if (existsSync(file)) {
      const d = JSON.parse(readFileSync(file, 'utf8')) as Partial<VaultDescriptor>;
      if (d.signingKeyId === this.signer.keyId && d.driver === this.store.driver) return;
    }
    const descriptor: VaultDescriptor = { format: 'antidote.vault/1', driver: this.store.driver, signingKeyId: this.signer.keyId, publicKey: this.signer.publicKey, createdAt: now };
    writeFileAtomic(file, Buffer.from(`${JSON.stringify(descriptor, null, 2)}\n`), this.blobs.tmpDir);
  }

  /** The vault's Ed25519 public key (base64url) and its id: what clients verify manifests and checkpoints with. */
  get signingKey(): { readonly keyId: string; readonly publicKey: string } {
    return { keyId: this.signer.keyId, publicKey: this.signer.publicKey };
  }

  private iso(): string {
    return this.now().toISOString();
  }

  /**
   * Applies mutations with their ledger entry. A refusal (`forbidden`) is itself recorded, as a
   * `denied` entry, before it is thrown.
   */
  private async act(mutations: readonly VaultMutation[], ctx: ActionContext, action: string, target: string, details: Readonly<Record<string, unknown>>): Promise<LedgerEntryRecord> {
    try {
      const entry = await this.store.write(mutations, { at: this.iso(), actor: ctx.actor, action, target, origin: ctx.origin, result: 'ok', details });
      await this.maybeCheckpoint(entry);
      return entry;
    } catch (e) {
      if (isAntidoteError(e, 'forbidden')) await this.recordEvent({ ...ctx, action, target, result: 'denied', details: { ...details, reason: e.message } });
      throw e;
    }
  }

  /**
   * Appends a ledger entry for an action that changes no vault data (a login, a denied request, a download).
   *
   * @example
   * await vault.recordEvent({ actor: 'mallory', origin: '10.0.0.9', action: 'auth.login', target: 'mallory', result: 'denied', details: {} });
   */
  async recordEvent(event: ActionContext & { readonly action: string; readonly target: string; readonly result: LedgerResult; readonly details?: Readonly<Record<string, unknown>> }): Promise<LedgerEntryRecord> {
    const entry = await this.store.write([], { at: this.iso(), actor: event.actor, action: event.action, target: event.target, origin: event.origin, result: event.result, details: event.details ?? {} });
    await this.maybeCheckpoint(entry);
    return entry;
  }

  private async maybeCheckpoint(entry: LedgerEntryRecord): Promise<void> {
    if (this.checkpointEvery > 0 && entry.seq % this.checkpointEvery === 0) {
      await this.store.addCheckpoint(signCheckpoint(entry, this.iso(), this.signer)).catch((e: unknown) => {
        if (!isAntidoteError(e, 'conflict')) throw e;
      });
    }
  }

  /** Creates a dataset with its own data key (sealed under the master key). */
  async createDataset(id: string, ctx: ActionContext, options: { readonly retainUntil?: Date; readonly legalHold?: boolean } = {}): Promise<DatasetRecord> {
    if (!DATASET_ID.test(id)) throw invalidInput(`dataset id "${id}" must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    const at = this.iso();
    const dataset: DatasetRecord = { id, createdAt: at, createdBy: ctx.actor, retainUntil: options.retainUntil?.toISOString() ?? null, legalHold: options.legalHold ?? false, deletedAt: null };
    const keyId = `${id}#dk1`;
    const dataKey = generateDataKey();
    await this.act(
      [
        { kind: 'createDataset', dataset },
        { kind: 'putDataKey', key: { id: keyId, datasetId: id, wrapped: wrapDataKey(dataKey, this.master, DATA_KEY_CONTEXT(id, keyId)), createdAt: at } },
      ],
      ctx,
      'dataset.create',
      id,
      { dataset: id, dataKeyId: keyId, retainUntil: dataset.retainUntil, legalHold: dataset.legalHold },
    );
    this.dataKeys.set(keyId, dataKey);
    return dataset;
  }

  private async dataKey(keyId: string): Promise<Buffer> {
    const cached = this.dataKeys.get(keyId);
    if (cached) return cached;
    const rec = await this.store.dataKey(keyId);
    if (!rec) throw new AntidoteError('not_found', `data key "${keyId}" does not exist`);
    if (rec.wrapped === null) throw new AntidoteError('not_found', `data key "${keyId}" was shredded when dataset "${rec.datasetId}" was deleted`);
    const key = unwrapDataKey(rec.wrapped, this.master, DATA_KEY_CONTEXT(rec.datasetId, keyId));
    this.dataKeys.set(keyId, key);
    return key;
  }

  private async livingDataset(id: string): Promise<DatasetRecord> {
    const d = await this.store.dataset(id);
    if (!d) throw new AntidoteError('not_found', `dataset "${id}" does not exist`);
    if (d.deletedAt !== null) throw new AntidoteError('not_found', `dataset "${id}" was deleted at ${d.deletedAt}`);
    return d;
  }

  /**
   * Commits a new version: chunks (1 MiB, or on row boundaries), encrypts and stores each chunk,
   * builds and signs the manifest, then records the version in one transaction. Committing content
   * that the dataset already holds returns that version (`duplicate: true`).
   */
  async commitVersion(datasetId: string, content: VersionContent, options: CommitOptions): Promise<CommittedVersion> {
    await this.livingDataset(datasetId);
    const status = options.status ?? 'pending';
    if (!['pending', 'quarantined', 'verified'].includes(status)) throw invalidInput(`a version starts as pending, quarantined or verified; got "${String(status)}"`);
    const isRows = !(content instanceof Uint8Array);
    const chunks = isRows ? chunkRows(content.rows, this.chunkSizeBytes) : chunkBytes(content, this.chunkSizeBytes);
    if (chunks.length === 0) throw invalidInput(`nothing to commit to dataset "${datasetId}": the content is empty`);
    const keyId = `${datasetId}#dk1`;
    const dataKey = await this.dataKey(keyId);

    const written = new Map<string, string>();
    const entries: ManifestChunk[] = [];
    for (const chunk of chunks) {
      const hash = sha256Hex(chunk);
      let blob = written.get(hash) ?? (await this.store.chunk(datasetId, hash))?.blobHash;
      if (blob === undefined) blob = this.blobs.put(encryptChunk(chunk, dataKey, CHUNK_CONTEXT(datasetId, hash)));
      written.set(hash, blob);
      entries.push({ hash, blob, sizeBytes: chunk.length });
    }
    const root = rootOfChunkHashes(entries.map((c) => c.hash));

    const existing = await this.store.version(root);
    if (existing) {
      if (existing.datasetId !== datasetId) throw new AntidoteError('conflict', `identical content is already committed as version ${root} of dataset "${existing.datasetId}"`);
      await this.recordEvent({ ...options, action: 'version.commit.duplicate', target: root, result: 'ok', details: { dataset: datasetId, root } });
      return { root, status: existing.status, signed: parseSignedManifest(existing.manifest, `manifest of version ${root}`), duplicate: true };
    }
    if (options.parent !== undefined && !(await this.store.version(options.parent))) throw new AntidoteError('not_found', `parent version ${options.parent} does not exist`);

    const at = this.iso();
    const manifest: DatasetManifest = {
      format: 'antidote.manifest/1',
      dataset: datasetId,
      root,
      contentType: isRows ? 'application/x-ndjson' : 'application/octet-stream',
      sizeBytes: entries.reduce((s, c) => s + c.sizeBytes, 0),
      rowCount: isRows ? content.rows.length : null,
      chunkSizeBytes: this.chunkSizeBytes,
      chunks: entries,
      dataKeyId: keyId,
      parent: options.parent ?? null,
      createdAt: at,
      createdBy: options.actor,
      meta: options.meta ?? {},
      signer: this.signer.keyId,
    };
    const signed: SignedManifest = { manifest, signature: signCanonical(manifest, this.signer.privateKey) };
    const { json, hash: manifestHash } = encodeSignedManifest(signed);
    writeFileAtomic(manifestPath(this.dataDir, root), Buffer.from(json, 'utf8'), this.blobs.tmpDir);

    const record: VersionRecord = { root, datasetId, manifest: json, manifestHash, status, committedBy: options.actor, committedAt: at };
    const sizes = new Map(entries.map((c) => [c.hash, c.sizeBytes]));
    const index = [...written].map(([hash, blobHash]) => ({ datasetId, hash, blobHash, dataKeyId: keyId, sizeBytes: sizes.get(hash) ?? 0 }));
    await this.act([{ kind: 'putVersion', version: record, chunks: index }], options, 'version.commit', root, {
      dataset: datasetId,
      root,
      manifestHash,
      status,
      chunkCount: entries.length,
      sizeBytes: manifest.sizeBytes,
    });
    return { root, status, signed, duplicate: false };
  }

  /** The version record and its signed manifest, checked against the stored manifest hash and signature. */
  async version(root: string): Promise<{ readonly record: VersionRecord; readonly signed: SignedManifest }> {
    const record = await this.store.version(root);
    if (!record) throw new AntidoteError('not_found', `version ${root} does not exist`);
    if (sha256Hex(record.manifest) !== record.manifestHash) throw new AntidoteError('integrity_violation', `version ${root}: the stored manifest does not match its recorded hash`);
    const signed = parseSignedManifest(record.manifest, `manifest of version ${root}`);
    const key = (await this.store.signingKeys()).find((k) => k.keyId === signed.manifest.signer);
    if (!key) throw new AntidoteError('integrity_violation', `version ${root} is signed by unknown key ${signed.manifest.signer}`);
    const problem = manifestProblem(signed, key.publicKey);
    if (problem) throw new AntidoteError('integrity_violation', `manifest of version ${root}: ${problem}`);
    if (signed.manifest.root !== root || signed.manifest.dataset !== record.datasetId) throw new AntidoteError('integrity_violation', `version ${root}: its manifest describes another version or dataset`);
    return { record, signed };
  }

  /**
   * Reads a version back, verifying on the way: manifest signature and Merkle root, then each
   * chunk's authentication tag and plaintext hash. Throws `integrity_violation` naming the first bad chunk.
   */
  async readVersion(root: string): Promise<VersionContentRead> {
    const { record, signed } = await this.version(root);
    const m = signed.manifest;
    const key = await this.dataKey(m.dataKeyId);
    const parts: Buffer[] = [];
    for (const [i, c] of m.chunks.entries()) {
      if (!this.blobs.has(c.blob)) throw new AntidoteError('integrity_violation', `chunk ${i} of version ${root}: blob ${c.blob} is missing`);
      const plain = decryptChunk(this.blobs.get(c.blob), key, CHUNK_CONTEXT(m.dataset, c.hash));
      if (sha256Hex(plain) !== c.hash) throw new AntidoteError('integrity_violation', `chunk ${i} of version ${root}: content does not match its hash ${c.hash}`);
      parts.push(plain);
    }
    return { root, status: record.status, signed, bytes: Buffer.concat(parts) };
  }

  /** Reads a rows version (verified as in {@link readVersion}) and parses its rows. */
  async readRows(root: string): Promise<Record<string, unknown>[]> {
    const v = await this.readVersion(root);
    if (v.signed.manifest.contentType !== 'application/x-ndjson') throw invalidInput(`version ${root} holds raw bytes, not rows; read it with readVersion`);
    return parseRows(v.bytes);
  }

  /**
   * Moves a version's status forward (the ingest workflow: pending → quarantined or verified).
   * No four-eyes rule here; a steward's decision goes through {@link releaseVersion}.
   */
  async setVersionStatus(root: string, to: VersionStatus, ctx: ActionContext & { readonly reason?: string }): Promise<VersionStatus> {
    const v = await this.store.version(root);
    if (!v) throw new AntidoteError('not_found', `version ${root} does not exist`);
    await this.act([{ kind: 'setVersionStatus', root, from: v.status, to }], ctx, 'version.status', root, { root, dataset: v.datasetId, from: v.status, to, reason: ctx.reason ?? null });
    return to;
  }

  /**
   * A steward's decision on a pending or quarantined version: `verified` (release) or `rejected`.
   * Four eyes: whoever committed the version can never decide on it (`forbidden`, recorded as denied).
   */
  async releaseVersion(root: string, decision: 'verified' | 'rejected', ctx: ActionContext & { readonly reason?: string }): Promise<VersionStatus> {
    const v = await this.store.version(root);
    if (!v) throw new AntidoteError('not_found', `version ${root} does not exist`);
    const details = { root, dataset: v.datasetId, from: v.status, to: decision, reason: ctx.reason ?? null, fourEyes: true };
    if (v.committedBy === ctx.actor) {
      const e = new AntidoteError('forbidden', `four-eyes rule: "${ctx.actor}" committed version ${root} and cannot also ${decision === 'verified' ? 'release' : 'reject'} it; another steward must decide`);
      await this.recordEvent({ ...ctx, action: 'version.status', target: root, result: 'denied', details: { ...details, reason: e.message } });
      throw e;
    }
    await this.act([{ kind: 'setVersionStatus', root, from: v.status, to: decision }], ctx, 'version.status', root, details);
    return decision;
  }

  /** Sets or extends a dataset's retention (never shortens it). */
  async setRetention(datasetId: string, retainUntil: Date, ctx: ActionContext): Promise<void> {
    const at = retainUntil.toISOString();
    await this.act([{ kind: 'setRetention', datasetId, retainUntil: at }], ctx, 'dataset.retention', datasetId, { dataset: datasetId, retainUntil: at });
  }

  /** Sets or releases a legal hold. */
  async setLegalHold(datasetId: string, legalHold: boolean, ctx: ActionContext): Promise<void> {
    await this.act([{ kind: 'setLegalHold', datasetId, legalHold }], ctx, 'dataset.hold', datasetId, { dataset: datasetId, legalHold });
  }

  /**
   * Deletes a dataset once its retention has passed and no legal hold is set: the dataset becomes a
   * tombstone, its data key is shredded (so its chunks can never be decrypted again) and its blob
   * files are removed. Its versions' manifests and the ledger remain, as history.
   */
  async deleteDataset(datasetId: string, ctx: ActionContext): Promise<void> {
    const at = this.iso();
    await this.act([{ kind: 'deleteDataset', datasetId, deletedAt: at }], ctx, 'dataset.delete', datasetId, { dataset: datasetId, deletedAt: at });
    for (const [k] of this.dataKeys) if (k.startsWith(`${datasetId}#`)) this.dataKeys.delete(k);
    for (const c of await this.store.chunks()) if (c.datasetId === datasetId) this.blobs.remove(c.blobHash);
  }

  /**
   * Re-wraps every data key and the signing key under `next` in one transaction; chunks are not
   * touched. Afterwards only `next` opens the vault: replace the key file or variable.
   */
  async rotateMasterKey(next: MasterKey, ctx: ActionContext): Promise<{ readonly dataKeys: number }> {
    const dataKeys = (await this.store.dataKeys())
      .filter((k) => k.wrapped !== null)
      .map((k) => ({ id: k.id, wrapped: rewrapDataKey(k.wrapped!, this.master, next, DATA_KEY_CONTEXT(k.datasetId, k.id)) }));
    const signingKeys = (await this.store.signingKeys()).map((k) => ({ keyId: k.keyId, wrappedPrivateKey: rewrapDataKey(k.wrappedPrivateKey, this.master, next, SIGNING_CONTEXT(k.keyId)) }));
    await this.act([{ kind: 'rewrapKeys', dataKeys, signingKeys }], ctx, 'master.rotate', 'vault', { from: this.master.id, to: next.id, dataKeys: dataKeys.length });
    this.master = next;
    return { dataKeys: dataKeys.length };
  }

  /** Signs a checkpoint of the ledger's current head (or returns the one already there). */
  async checkpoint(): Promise<CheckpointRecord> {
    const head = await this.store.ledgerHead();
    const existing = (await this.store.checkpoints()).find((c) => c.seq === head.seq);
    if (existing) return existing;
    const cp = signCheckpoint(head, this.iso(), this.signer);
    await this.store.addCheckpoint(cp);
    return cp;
  }

  /** Every checkpoint with the public keys that verify it, as a JSON document to keep elsewhere. */
  async exportCheckpoints(): Promise<CheckpointExport> {
    return checkpointExport(await this.store.checkpoints(), await this.store.signingKeys());
  }

  /** Verifies the whole ledger chain and every checkpoint; returns the problems (empty when intact). */
  async verifyLedger(): Promise<LedgerProblem[]> {
    const entries = await this.store.ledger();
    const problems = ledgerChainProblems(entries);
    const hashes = new Map(entries.map((e) => [e.seq, e.hash]));
    const keys = new Map((await this.store.signingKeys()).map((k) => [k.keyId, k.publicKey]));
    for (const c of await this.store.checkpoints()) {
      const p = checkpointProblem(c, hashes, keys);
      if (p) problems.push({ seq: c.seq, problem: p });
    }
    return problems;
  }

  /**
   * Removes leftovers of interrupted work: temporary files, blob files no committed chunk refers to
   * (or whose dataset was deleted), and manifest files of versions never committed. Run it only when
   * no commit is in flight (the vault does so when it opens).
   */
  async sweepOrphans(): Promise<SweepResult> {
    const temp = this.blobs.sweepTemp();
    const deleted = new Set((await this.store.datasets()).filter((d) => d.deletedAt !== null).map((d) => d.id));
    const live = new Set((await this.store.chunks()).filter((c) => !deleted.has(c.datasetId)).map((c) => c.blobHash));
    let blobs = 0;
    for (const h of this.blobs.list()) {
      if (!live.has(h)) {
        this.blobs.remove(h);
        blobs++;
      }
    }
    let manifests = 0;
    const dir = manifestDir(this.dataDir);
    if (existsSync(dir)) {
      const roots = new Set((await this.store.versions()).map((v) => v.root));
      for (const name of readdirSync(dir)) {
        if (!roots.has(name.replace(/\.json$/, ''))) {
          rmSync(join(dir, name), { force: true });
          manifests++;
        }
      }
    }
    return { blobs, manifests, temp };
  }

  /** Closes the metadata store and forgets the unwrapped keys held in memory. */
  async close(): Promise<void> {
    for (const k of this.dataKeys.values()) k.fill(0);
    this.dataKeys.clear();
    await this.store.close();
  }
}
