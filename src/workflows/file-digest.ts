import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AntidoteError } from '../core/errors.js';

/** `sha256:<hex>` of a file's bytes, streamed. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AntidoteError(code === 'ENOENT' ? 'not_found' : 'invalid_input', code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}`, { file: path });
  }
  return `sha256:${hash.digest('hex')}`;
}
