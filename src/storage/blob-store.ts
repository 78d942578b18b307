import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AntidoteError, invalidInput } from '../core/errors.js';
import { isSha256Hex, sha256Hex } from '../crypto/sha256.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * A content-addressed folder of blobs (encrypted chunks): each file is named by the SHA-256 of its
 * bytes, under a two-character fan-out folder (`blobs/ab/ab12…`). Writes are atomic and durable
 * (temporary file in `tmp/`, fsync, rename, fsync of the folder), so a blob file is either absent
 * or complete. A blob not referenced by committed metadata is an orphan of an interrupted commit,
 * removed by the vault's sweep.
 */
export class BlobStore {
  readonly blobDir: string;
  readonly tmpDir: string;

  /** Uses `dataDir/blobs` and `dataDir/tmp`, creating them when missing. */
  constructor(dataDir: string) {
    this.blobDir = join(dataDir, 'blobs');
    this.tmpDir = join(dataDir, 'tmp');
    mkdirSync(this.blobDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** The file of blob `hash`. */
  path(hash: string): string {
    if (!isSha256Hex(hash)) throw invalidInput(`a blob hash is 64 lowercase hex characters; got "${String(hash).slice(0, 80)}"`);
    return join(this.blobDir, hash.slice(0, 2), hash);
  }

  /**
   * Stores `bytes` durably and returns their hash. An existing intact blob is kept; a damaged one
   * is replaced.
   *
   * @example
   * const hash = blobs.put(encryptChunk(chunk, dataKey, context));
   */
  put(bytes: Uint8Array): string {
    const hash = sha256Hex(bytes);
    const file = this.path(hash);
    if (existsSync(file) && sha256Hex(readFileSync(file)) === hash) return hash;
    writeFileAtomic(file, bytes, this.tmpDir);
    return hash;
  }

  /** True when the blob file exists (its content is not checked). */
  has(hash: string): boolean {
    return existsSync(this.path(hash));
  }

  /** The bytes of blob `hash`; `not_found` when absent. The caller checks them (decryption authenticates them). */
  get(hash: string): Buffer {
    const file = this.path(hash);
    if (!existsSync(file)) throw new AntidoteError('not_found', `blob ${hash} is missing from ${this.blobDir}`);
    return readFileSync(file);
  }

  /** Every blob hash present on disk (file names that look like hashes). */
  list(): string[] {
    const out: string[] = [];
    if (!existsSync(this.blobDir)) return out;
    for (const fan of readdirSync(this.blobDir)) {
      const dir = join(this.blobDir, fan);
      for (const name of readdirSync(dir)) if (isSha256Hex(name)) out.push(name);
    }
    return out.sort();
  }

  /** Removes a blob file. Only the orphan sweep and crypto-shredded datasets use this. */
  remove(hash: string): void {
    rmSync(this.path(hash), { force: true });
  }

  /** Removes leftover temporary files of interrupted writes; returns how many. */
  sweepTemp(): number {
    let n = 0;
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(join(this.tmpDir, name), { force: true, recursive: true });
      n++;
    }
    return n;
  }
}
