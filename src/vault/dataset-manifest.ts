import { AntidoteError } from '../core/errors.js';
import { strictCanonicalJson } from '../crypto/canonical-bytes.js';
import { verifyCanonical } from '../crypto/ed25519-signer.js';
import { merkleRoot } from '../crypto/merkle-tree.js';
import { isSha256Hex, sha256Hex } from '../crypto/sha256.js';

/** The two kinds of content a version holds. */
export const CONTENT_TYPES = ['application/octet-stream', 'application/x-ndjson'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** One chunk of a version, in order: its plaintext hash (a Merkle leaf), its encrypted blob, its size. */
export interface ManifestChunk {
  readonly hash: string;
  readonly blob: string;
  readonly sizeBytes: number;
}

/**
 * What a dataset version is: the ordered chunk hashes and their Merkle root, how the bytes were cut,
 * under which data key they are sealed, and who made it when. Immutable once signed; the version's
 * status (pending, quarantined, verified) lives beside it, in the ledger and the metadata.
 */
export interface DatasetManifest {
  readonly format: 'antidote.manifest/1';
  readonly dataset: string;
  /** Merkle root (RFC 6962) over the chunk hashes: the version's identity. */
  readonly root: string;
  readonly contentType: ContentType;
  readonly sizeBytes: number;
  /** Rows for `application/x-ndjson`, null for raw bytes. */
  readonly rowCount: number | null;
  readonly chunkSizeBytes: number;
  readonly chunks: readonly ManifestChunk[];
  readonly dataKeyId: string;
  /** The version this one follows, if any. */
  readonly parent: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The caller's own metadata (JSON). Never put data content here: it is stored unencrypted. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Key id of the Ed25519 key that signs it. */
  readonly signer: string;
}

/** A manifest with its Ed25519 signature over the canonical JSON of `manifest`. */
export interface SignedManifest {
  readonly manifest: DatasetManifest;
  readonly signature: string;
}

/** The Merkle root (hex) over chunk hashes given as hex. */
export function rootOfChunkHashes(hashes: readonly string[]): string {
  return merkleRoot(hashes.map((h) => Buffer.from(h, 'hex'))).toString('hex');
}

/** The stored form of a signed manifest (canonical JSON) and its SHA-256. */
export function encodeSignedManifest(signed: SignedManifest): { readonly json: string; readonly hash: string } {
  const json = strictCanonicalJson(signed);
  return { json, hash: sha256Hex(json) };
}

/** Parses a stored signed manifest; `integrity_violation` when it is not one. */
export function parseSignedManifest(json: string, where: string): SignedManifest {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new AntidoteError('integrity_violation', `${where} is not valid JSON`);
  }
  const v = value as Partial<SignedManifest> | null;
  const m = v?.manifest as Partial<DatasetManifest> | undefined;
  if (!v || typeof v.signature !== 'string' || !m || m.format !== 'antidote.manifest/1' || !Array.isArray(m.chunks) || !isSha256Hex(m.root)) {
    throw new AntidoteError('integrity_violation', `${where} is not an antidote.manifest/1 signed manifest`);
  }
  return v as SignedManifest;
}

/**
 * Why a signed manifest cannot be trusted, or `undefined` when it can: the signature must verify
 * under `publicKey`, every chunk hash must be SHA-256 hex, the sizes must add up, and the Merkle
 * root over the chunk hashes must equal `root`.
 */
export function manifestProblem(signed: SignedManifest, publicKey: string): string | undefined {
  const m = signed.manifest;
  if (!verifyCanonical(m, signed.signature, publicKey)) return `signature does not verify under signing key ${m.signer}`;
  if (!m.chunks.every((c) => isSha256Hex(c.hash) && isSha256Hex(c.blob) && Number.isInteger(c.sizeBytes) && c.sizeBytes >= 0)) return 'a chunk entry is malformed';
  const total = m.chunks.reduce((s, c) => s + c.sizeBytes, 0);
  if (total !== m.sizeBytes) return `chunk sizes add up to ${total} bytes, not the declared ${m.sizeBytes}`;
  const root = rootOfChunkHashes(m.chunks.map((c) => c.hash));
  if (root !== m.root) return `Merkle root over the chunk hashes is ${root}, not the declared ${m.root}`;
  return undefined;
}

/**
 * Verifies downloaded content against a signed manifest on the client: signature, then every chunk
 * hash in order, then the Merkle root. Throws `integrity_violation` naming the first bad chunk.
 *
 * @example
 * const { manifest, bytes } = await fetchSnapshot(root);
 * verifyContent({ manifest, signature }, vaultPublicKey, bytes);
 */
export function verifyContent(signed: SignedManifest, publicKey: string, bytes: Uint8Array): void {
  const problem = manifestProblem(signed, publicKey);
  if (problem) throw new AntidoteError('integrity_violation', `manifest of version ${signed.manifest.root}: ${problem}`);
  let off = 0;
  signed.manifest.chunks.forEach((c, i) => {
    const got = sha256Hex(bytes.subarray(off, off + c.sizeBytes));
    if (got !== c.hash) throw new AntidoteError('integrity_violation', `chunk ${i} of version ${signed.manifest.root}: SHA-256 ${got} does not match the manifest's ${c.hash}`);
    off += c.sizeBytes;
  });
  if (off !== bytes.length) throw new AntidoteError('integrity_violation', `version ${signed.manifest.root} has ${bytes.length} bytes; the manifest declares ${off}`);
}
