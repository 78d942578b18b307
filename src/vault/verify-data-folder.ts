import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AntidoteError } from '../core/errors.js';
import { decryptChunk, unwrapDataKey } from '../crypto/envelope-encryption.js';
import { publicKeyOf } from '../crypto/ed25519-signer.js';
import type { MasterKey } from '../crypto/master-key.js';
import { sha256Hex } from '../crypto/sha256.js';
import { BlobStore } from '../storage/blob-store.js';
import { openVaultStore, SQLITE_FILE_NAME } from '../storage/open-vault-store.js';
import type { LedgerEntryRecord, VersionStatus } from '../storage/vault-records.js';
import { checkpointProblem, ledgerChainProblems, type CheckpointExport } from './audit-ledger.js';
import { manifestProblem, parseSignedManifest, type SignedManifest } from './dataset-manifest.js';
import { manifestDir, manifestPath, VAULT_FILE, type VaultDescriptor } from './vault-layout.js';

/** What a finding is about. */
export const FINDING_SUBJECTS = ['vault', 'signing_key', 'ledger_entry', 'checkpoint', 'dataset', 'data_key', 'version', 'manifest_file', 'chunk', 'blob_file'] as const;
export type FindingSubject = (typeof FINDING_SUBJECTS)[number];

/** One thing found: what (`subject` and `id`: a version root, a ledger seq, a file path) and what is wrong with it. */
export interface VerifyFinding {
  readonly subject: FindingSubject;
  readonly id: string;
  readonly problem: string;
}

/** The result of {@link verifyDataFolder}: `ok` when nothing was altered. `notes` are harmless leftovers (orphans of interrupted commits). */
export interface VerifyReport {
  readonly ok: boolean;
  readonly problems: readonly VerifyFinding[];
  readonly notes: readonly VerifyFinding[];
  readonly checked: { readonly ledgerEntries: number; readonly checkpoints: number; readonly datasets: number; readonly versions: number; readonly chunks: number };
}

/** Options of {@link verifyDataFolder}. */
export interface VerifyOptions {
  /** The PostgreSQL URL when the metadata is not the folder's SQLite file. */
  readonly db?: string;
  /** With the master key, also proves the signing key is the vault's own, and decrypts every chunk to check its plaintext hash. */
  readonly masterKey?: MasterKey;
  /** Checkpoints exported earlier (kept outside the server): each must still match the ledger. */
  readonly exportedCheckpoints?: CheckpointExport;
}

interface ExpectedDataset {
  retainUntil: string | null;
  legalHold: boolean;
  deletedAt: string | null;
  dataKeyId: string;
  seq: number;
}
interface ExpectedVersion {
  dataset: string;
  manifestHash: string;
  status: VersionStatus;
  seq: number;
}

/** The state the ledger says the metadata must be in: replay of every successful entry. */
function replayLedger(entries: readonly LedgerEntryRecord[]) {
  const datasets = new Map<string, ExpectedDataset>();
  const versions = new Map<string, ExpectedVersion>();
  const signingKeys = new Map<string, string>();
  for (const e of entries) {
    if (e.result !== 'ok') continue;
    const d = e.details;
    const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
    switch (e.action) {
      case 'vault.init':
        signingKeys.set(s('signingKeyId'), s('publicKey'));
        break;
      case 'dataset.create':
        datasets.set(s('dataset'), { retainUntil: d.retainUntil === null ? null : s('retainUntil'), legalHold: d.legalHold === true, deletedAt: null, dataKeyId: s('dataKeyId'), seq: e.seq });
        break;
      case 'dataset.retention': {
        const x = datasets.get(s('dataset'));
        if (x) x.retainUntil = s('retainUntil');
        break;
      }
      case 'dataset.hold': {
        const x = datasets.get(s('dataset'));
        if (x) x.legalHold = d.legalHold === true;
        break;
      }
      case 'dataset.delete': {
        const x = datasets.get(s('dataset'));
        if (x) x.deletedAt = s('deletedAt');
        break;
      }
      case 'version.commit':
        versions.set(s('root'), { dataset: s('dataset'), manifestHash: s('manifestHash'), status: s('status') as VersionStatus, seq: e.seq });
        break;
      case 'version.status': {
        const v = versions.get(s('root'));
        if (v) v.status = s('to') as VersionStatus;
        break;
      }
    }
  }
  return { datasets, versions, signingKeys };
}

/**
 * Checks a vault's data folder offline and names everything that was altered behind the vault's
 * back: the ledger chain and its signed checkpoints; the metadata rows against the state the ledger
 * records (datasets, versions and their statuses, data keys, signing key); every manifest — in the
 * database and on disk — against its signature, its recorded hash and its Merkle root; every chunk
 * index row and blob file against the manifests (and, with the master key, every decrypted chunk
 * against its hash). Unreferenced blob and manifest files are reported as notes, not problems: an
 * interrupted commit leaves them, and the next open sweeps them.
 *
 * @example
 * const report = await verifyDataFolder('/srv/antidote');
 * for (const p of report.problems) console.log(`${p.subject} ${p.id}: ${p.problem}`);
 */
export async function verifyDataFolder(dataDir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: VerifyFinding[] = [];
  const notes: VerifyFinding[] = [];
  const add = (subject: FindingSubject, id: string, problem: string) => problems.push({ subject, id, problem });

  if (options.db === undefined && !existsSync(join(dataDir, SQLITE_FILE_NAME))) throw new AntidoteError('not_found', `no vault in "${dataDir}": ${SQLITE_FILE_NAME} is missing (pass db for PostgreSQL)`);
  const store = await openVaultStore({ dataDir, readonly: true, ...(options.db !== undefined ? { db: options.db } : {}) });
  try {
    const blobs = new BlobStore(dataDir);
    const entries = await store.ledger();
    const checkpoints = await store.checkpoints();
    const signingKeys = await store.signingKeys();
    const datasets = await store.datasets();
    const dataKeys = await store.dataKeys();
    const versions = await store.versions();
    const chunkRows = await store.chunks();

    // 1. The ledger chain and checkpoints.
    for (const p of ledgerChainProblems(entries)) add('ledger_entry', String(p.seq), p.problem);
    const entryHashes = new Map(entries.map((e) => [e.seq, e.hash]));
    const expected = replayLedger(entries);

    // 2. The signing key: recorded at init, in vault.json, and (with the master key) its own private half.
    const publicKeys = new Map<string, string>();
    for (const k of signingKeys) {
      publicKeys.set(k.keyId, k.publicKey);
      const recorded = expected.signingKeys.get(k.keyId);
      if (recorded === undefined) add('signing_key', k.keyId, 'signing key is in the database but was never recorded in the ledger');
      else if (recorded !== k.publicKey) add('signing_key', k.keyId, 'public key in the database differs from the one recorded in the ledger');
      if (options.masterKey) {
        try {
          const priv = unwrapDataKey(k.wrappedPrivateKey, options.masterKey, `signing-key:${k.keyId}`).toString('base64url');
          if (publicKeyOf(priv) !== k.publicKey) add('signing_key', k.keyId, 'public key does not belong to the wrapped private key');
        } catch (e) {
          add('signing_key', k.keyId, `wrapped private key cannot be opened with the master key: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    for (const id of expected.signingKeys.keys()) if (!publicKeys.has(id)) add('signing_key', id, 'signing key recorded in the ledger is missing from the database');
    const descriptorFile = join(dataDir, VAULT_FILE);
    if (existsSync(descriptorFile)) {
      const d = JSON.parse(readFileSync(descriptorFile, 'utf8')) as Partial<VaultDescriptor>;
      if (d.signingKeyId === undefined || publicKeys.get(d.signingKeyId) !== d.publicKey) add('vault', VAULT_FILE, 'vault.json names a signing key the database does not hold');
    }
    for (const c of checkpoints) {
      const p = checkpointProblem(c, entryHashes, publicKeys);
      if (p) add('checkpoint', String(c.seq), p);
    }
    if (options.exportedCheckpoints) {
      const exportedKeys = new Map(options.exportedCheckpoints.signingKeys.map((k) => [k.keyId, k.publicKey]));
      for (const c of options.exportedCheckpoints.checkpoints) {
        const p = checkpointProblem(c, entryHashes, exportedKeys);
        if (p) add('checkpoint', `exported ${c.seq}`, p);
      }
    }

    // 3. Metadata rows against the ledger.
    const dbDatasets = new Map(datasets.map((d) => [d.id, d]));
    for (const d of datasets) {
      const x = expected.datasets.get(d.id);
      if (!x) {
        add('dataset', d.id, 'dataset is in the database but its creation is not in the ledger');
        continue;
      }
      if (d.retainUntil !== x.retainUntil) add('dataset', d.id, `retention is ${d.retainUntil ?? 'none'} in the database but ${x.retainUntil ?? 'none'} per the ledger`);
      if (d.legalHold !== x.legalHold) add('dataset', d.id, `legal hold is ${d.legalHold} in the database but ${x.legalHold} per the ledger`);
      if (d.deletedAt !== x.deletedAt) add('dataset', d.id, `deletion is ${d.deletedAt ?? 'none'} in the database but ${x.deletedAt ?? 'none'} per the ledger`);
    }
    for (const [id, x] of expected.datasets) if (!dbDatasets.has(id)) add('dataset', id, `dataset created in ledger entry ${x.seq} is missing from the database`);
    for (const k of dataKeys) {
      const x = expected.datasets.get(k.datasetId);
      if (!x || x.dataKeyId !== k.id) add('data_key', k.id, 'data key is in the database but not recorded in the ledger for its dataset');
      else if (k.wrapped === null && x.deletedAt === null) add('data_key', k.id, 'data key was shredded but its dataset was never deleted');
    }
    const dbVersions = new Map(versions.map((v) => [v.root, v]));
    for (const v of versions) {
      const x = expected.versions.get(v.root);
      if (!x) {
        add('version', v.root, 'version is in the database but its commit is not in the ledger');
        continue;
      }
      if (v.datasetId !== x.dataset) add('version', v.root, `belongs to dataset "${v.datasetId}" in the database but "${x.dataset}" per the ledger`);
      if (v.status !== x.status) add('version', v.root, `status is "${v.status}" in the database but "${x.status}" per the ledger`);
      if (v.manifestHash !== x.manifestHash) add('version', v.root, 'manifest hash in the database differs from the one recorded in the ledger');
    }
    for (const [root, x] of expected.versions) if (!dbVersions.has(root)) add('version', root, `version committed in ledger entry ${x.seq} is missing from the database`);

    // 4. Manifests (database copy and file), chunk rows and blob files.
    const chunkIndex = new Map(chunkRows.map((c) => [`${c.datasetId}/${c.hash}`, c]));
    const referencedRows = new Set<string>();
    const referencedBlobs = new Set<string>();
    const deleted = new Set(datasets.filter((d) => d.deletedAt !== null).map((d) => d.id));
    const unwrapped = new Map<string, Buffer | null>();
    let chunksChecked = 0;
    for (const v of versions) {
      let signed: SignedManifest | undefined;
      if (sha256Hex(v.manifest) !== v.manifestHash) add('version', v.root, 'manifest in the database was altered: it no longer matches its recorded hash');
      try {
        signed = parseSignedManifest(v.manifest, `manifest of version ${v.root}`);
        const key = publicKeys.get(signed.manifest.signer);
        const p = key === undefined ? `signed by unknown key ${signed.manifest.signer}` : manifestProblem(signed, key);
        if (p) add('version', v.root, `manifest in the database: ${p}`);
        if (signed.manifest.root !== v.root) add('version', v.root, `manifest in the database describes version ${signed.manifest.root}`);
        if (signed.manifest.dataset !== v.datasetId) add('version', v.root, `manifest in the database belongs to dataset "${signed.manifest.dataset}", the row to "${v.datasetId}"`);
      } catch (e) {
        add('version', v.root, e instanceof Error ? e.message : String(e));
        signed = undefined;
      }
      const file = manifestPath(dataDir, v.root);
      const rel = relative(dataDir, file);
      if (!existsSync(file)) add('manifest_file', rel, `manifest file of version ${v.root} is missing`);
      else {
        const text = readFileSync(file, 'utf8');
        if (sha256Hex(text) !== v.manifestHash) {
          let why = 'differs from the manifest recorded for the version';
          try {
            const f = parseSignedManifest(text, rel);
            const key = publicKeys.get(f.manifest.signer);
            const p = key === undefined ? `signed by unknown key ${f.manifest.signer}` : manifestProblem(f, key);
            if (p) why = `${why} (${p})`;
          } catch (e) {
            why = `${why} (${e instanceof Error ? e.message : String(e)})`;
          }
          add('manifest_file', rel, `manifest file of version ${v.root} was altered: ${why}`);
        }
      }
      if (!signed) continue;
      const m = signed.manifest;
      for (const [i, c] of m.chunks.entries()) {
        const id = `${v.root}#${i}`;
        const row = chunkIndex.get(`${m.dataset}/${c.hash}`);
        referencedRows.add(`${m.dataset}/${c.hash}`);
        if (!row) add('chunk', id, `chunk ${i} of version ${v.root} (${c.hash}) has no chunk index row`);
        else if (row.blobHash !== c.blob || row.sizeBytes !== c.sizeBytes || row.dataKeyId !== m.dataKeyId) add('chunk', id, `chunk index row of chunk ${i} of version ${v.root} differs from the manifest`);
        if (deleted.has(m.dataset)) continue;
        referencedBlobs.add(c.blob);
        chunksChecked++;
        const blobFile = relative(dataDir, blobs.path(c.blob));
        if (!blobs.has(c.blob)) {
          add('blob_file', blobFile, `blob of chunk ${i} of version ${v.root} is missing`);
          continue;
        }
        const bytes = blobs.get(c.blob);
        if (sha256Hex(bytes) !== c.blob) {
          add('blob_file', blobFile, `blob of chunk ${i} of version ${v.root} was altered: its SHA-256 no longer matches its name`);
          continue;
        }
        if (options.masterKey) {
          if (!unwrapped.has(m.dataKeyId)) {
            const k = dataKeys.find((x) => x.id === m.dataKeyId);
            try {
              unwrapped.set(m.dataKeyId, k?.wrapped ? unwrapDataKey(k.wrapped, options.masterKey, `dataset:${k.datasetId}/key:${k.id}`) : null);
            } catch (e) {
              add('data_key', m.dataKeyId, `cannot be opened with the master key: ${e instanceof Error ? e.message : String(e)}`);
              unwrapped.set(m.dataKeyId, null);
            }
          }
          const key = unwrapped.get(m.dataKeyId);
          if (key) {
            try {
              if (sha256Hex(decryptChunk(bytes, key, `${m.dataset}/${c.hash}`)) !== c.hash) add('chunk', id, `chunk ${i} of version ${v.root} decrypts to content that does not match its hash`);
            } catch (e) {
              add('chunk', id, `chunk ${i} of version ${v.root}: ${e instanceof Error ? e.message : String(e)}`);
            }
          }
        }
      }
    }
    for (const c of chunkRows) if (!referencedRows.has(`${c.datasetId}/${c.hash}`)) add('chunk', `${c.datasetId}/${c.hash}`, 'chunk index row is not referenced by any manifest');

    // 5. Leftovers of interrupted commits: notes, not problems.
    for (const h of blobs.list()) if (!referencedBlobs.has(h)) notes.push({ subject: 'blob_file', id: relative(dataDir, blobs.path(h)), problem: 'blob file is not referenced by any committed version (orphan of an interrupted commit)' });
    const mdir = manifestDir(dataDir);
    if (existsSync(mdir)) {
      for (const name of readdirSync(mdir)) {
        if (!dbVersions.has(name.replace(/\.json$/, ''))) notes.push({ subject: 'manifest_file', id: join('manifests', name), problem: 'manifest file of a version that was never committed (orphan of an interrupted commit)' });
      }
    }

    return {
      ok: problems.length === 0,
      problems,
      notes,
      checked: { ledgerEntries: entries.length, checkpoints: checkpoints.length, datasets: datasets.length, versions: versions.length, chunks: chunksChecked },
    };
  } finally {
    await store.close();
  }
}
