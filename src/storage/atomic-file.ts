import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the whole
 * new one: write a temporary file (in `tmpDir`, on the same file system), fsync it, rename it over
 * `path`, then fsync the directory so the rename itself is durable.
 *
 * @example
 * writeFileAtomic('/data/manifests/ab12.json', Buffer.from(json), '/data/tmp');
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, tmpDir = dirname(path)): void {
  mkdirSync(dirname(path), { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  fsyncDirectory(dirname(path));
}

/** fsync of a directory, which makes the creation or renaming of its entries durable. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
