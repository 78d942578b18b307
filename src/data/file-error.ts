/**
 * Turns a Node file-system error (ENOENT, EISDIR, EACCES, ...) into an {@link AntidoteError} that
 * names the file, so a mistyped path never surfaces as a raw stack trace.
 */
import { AntidoteError } from '../core/errors.js';

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The {@link AntidoteError} for a failure to open or read `file`; an `AntidoteError` passes through.
 *
 * @example
 * try { await readFile(p); } catch (e) { throw fileError(e, p); }
 */
export function fileError(error: unknown, file: string): AntidoteError {
  if (error instanceof AntidoteError) return error;
  const code = errnoCode(error);
  switch (code) {
    case 'ENOENT':
      return new AntidoteError('not_found', `file ${file} does not exist`, { file }, { cause: error });
    case 'EISDIR':
      return new AntidoteError('invalid_input', `${file} is a directory, not a data file`, { file }, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new AntidoteError('forbidden', `no permission to read ${file}`, { file }, { cause: error });
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new AntidoteError('internal', `could not read ${file}: ${detail}`, { file }, { cause: error });
    }
  }
}
