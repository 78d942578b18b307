/**
 * One error type for every contract violation, with a stable machine-readable `code`
 * (errors as data, after zod's `ZodError`): callers switch on `code`, people read `message`.
 */

/** Every error code Antidote raises. The HTTP and CLI mappings are decided once, at the edge. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'integrity_violation',
  'unsupported',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where in the input the problem is: a file with an optional 1-based line and column, or a field path. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number | string;
  readonly path?: readonly (string | number)[];
}

/**
 * The error Antidote throws. `code` is stable; `location` says where in the input the problem is.
 *
 * @example
 * throw new AntidoteError('invalid_input', 'unknown test "ks2"; available: ks, psi', { path: ['tests', 0] });
 */
export class AntidoteError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;

  constructor(code: ErrorCode, message: string, location?: ErrorLocation, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AntidoteError';
    this.code = code;
    this.location = location;
  }

  /** The message prefixed with its location, as a person reads it: `data.csv:12:3: ...`. */
  describe(): string {
    return `${formatLocation(this.location)}${this.message}`;
  }

  toJSON(): { code: ErrorCode; message: string; location?: ErrorLocation } {
    return this.location ? { code: this.code, message: this.message, location: this.location } : { code: this.code, message: this.message };
  }
}

/** `file:line:column: ` (each part only when known), or `path.to.field: `. */
export function formatLocation(loc: ErrorLocation | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(String(loc.line));
  if (loc.column !== undefined) parts.push(typeof loc.column === 'number' ? String(loc.column) : `column "${loc.column}"`);
  if (loc.path && loc.path.length > 0) parts.push(loc.path.join('.'));
  return parts.length > 0 ? `${parts.join(':')}: ` : '';
}

/** True for an {@link AntidoteError}, optionally of one code. */
export function isAntidoteError(e: unknown, code?: ErrorCode): e is AntidoteError {
  return e instanceof AntidoteError && (code === undefined || e.code === code);
}

/** Shorthand for the most common error. */
export function invalidInput(message: string, location?: ErrorLocation): AntidoteError {
  return new AntidoteError('invalid_input', message, location);
}

/** A result that is either a value or an error, for the `safe*` variants that do not throw. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AntidoteError };
