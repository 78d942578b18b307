import { invalidInput } from '../core/errors.js';
import { strictCanonicalJson } from '../crypto/canonical-bytes.js';

/** The default chunk size: 1 MiB. */
export const DEFAULT_CHUNK_SIZE_BYTES = 1 << 20;

function checkSize(chunkSizeBytes: number): void {
  if (!Number.isInteger(chunkSizeBytes) || chunkSizeBytes < 1) throw invalidInput(`chunkSizeBytes must be a positive integer; got ${chunkSizeBytes}`);
}

/**
 * Splits bytes into fixed-size chunks (the last may be shorter). The chunks are views, not copies.
 *
 * @example
 * chunkBytes(new Uint8Array(2.5 * 2 ** 20)).map((c) => c.length); // [1048576, 1048576, 524288]
 */
export function chunkBytes(bytes: Uint8Array, chunkSizeBytes = DEFAULT_CHUNK_SIZE_BYTES): Uint8Array[] {
  checkSize(chunkSizeBytes);
  const out: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; off += chunkSizeBytes) out.push(bytes.subarray(off, Math.min(bytes.length, off + chunkSizeBytes)));
  return out;
}

/**
 * Encodes rows as JSON Lines (one canonical JSON object per line) and splits them into chunks that
 * end on a row boundary: each chunk holds whole rows and at most `chunkSizeBytes`, except a single
 * row longer than that, which gets a chunk of its own. So one row never straddles two chunks and a
 * reader can verify and parse chunk by chunk.
 */
export function chunkRows(rows: readonly Readonly<Record<string, unknown>>[], chunkSizeBytes = DEFAULT_CHUNK_SIZE_BYTES): Buffer[] {
  checkSize(chunkSizeBytes);
  const out: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw invalidInput(`row ${i} must be a JSON object; got ${Array.isArray(row) ? 'an array' : typeof row}`, { path: ['rows', i] });
    const line = Buffer.from(`${strictCanonicalJson(row)}\n`, 'utf8');
    if (pendingBytes > 0 && pendingBytes + line.length > chunkSizeBytes) {
      out.push(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
    pending.push(line);
    pendingBytes += line.length;
  });
  if (pendingBytes > 0) out.push(Buffer.concat(pending));
  return out;
}

/** Parses JSON Lines written by {@link chunkRows} back into rows. */
export function parseRows(bytes: Uint8Array): Record<string, unknown>[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const rows: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '') return;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      throw invalidInput(`line ${i + 1} of the version's rows is not valid JSON`, { line: i + 1 });
    }
  });
  return rows;
}
