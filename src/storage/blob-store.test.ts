import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { sha256Hex } from '../crypto/sha256.js';
import { BlobStore } from './blob-store.js';

describe('BlobStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'antidote-blobs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const blobs = new BlobStore(dir);

  it('names each blob by the SHA-256 of its bytes under a fan-out folder and leaves no temporary file', () => {
    const bytes = Buffer.from('sealed chunk bytes');
    const hash = blobs.put(bytes);
    expect(hash).toBe(sha256Hex(bytes));
    expect(blobs.path(hash)).toBe(join(dir, 'blobs', hash.slice(0, 2), hash));
    expect(blobs.get(hash).equals(bytes)).toBe(true);
    expect(blobs.put(bytes)).toBe(hash);
    expect(blobs.list()).toEqual([hash]);
    expect(readdirSync(blobs.tmpDir)).toEqual([]);
  });

  it('replaces a damaged blob on a new put, and reports a missing one as not_found', () => {
    const bytes = Buffer.from('another');
    const hash = blobs.put(bytes);
    writeFileSync(blobs.path(hash), 'damaged');
    blobs.put(bytes);
    expect(blobs.get(hash).equals(bytes)).toBe(true);
    blobs.remove(hash);
    expect(blobs.has(hash)).toBe(false);
    try {
      blobs.get(hash);
      expect.unreachable();
    } catch (e) {
      expect(isAntidoteError(e, 'not_found')).toBe(true);
    }
    expect(() => blobs.path('../../etc/passwd')).toThrow(/64 lowercase hex/);
  });

  it('sweeps leftover temporary files of interrupted writes', () => {
    writeFileSync(join(blobs.tmpDir, '.x.tmp'), 'half');
    expect(blobs.sweepTemp()).toBe(1);
    expect(readdirSync(blobs.tmpDir)).toEqual([]);
  });
});
