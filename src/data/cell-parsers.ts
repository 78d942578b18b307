/**
 * Strict parsers from a cell's text to a typed value, shared by schema inference (which asks
 * "could every cell be read as X?") and the column builders (which then read them). Each returns
 * `undefined` when the text is not of that kind, never throws, and ignores surrounding whitespace.
 */

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_RE = /^([+-]?)(?:inf|infinity)$/i;
const NAN_RE = /^[+-]?nan$/i;
const ISO_TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function trimmed(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  return text.charCodeAt(0) > 32 && text.charCodeAt(n - 1) > 32 ? text : text.trim();
}

/**
 * A decimal number (`12`, `-3.5`, `.5`, `1e-3`), or a non-finite literal: `inf`, `-Infinity`
 * (any case) give ±Infinity and `NaN` gives NaN, so that callers can reject them by name.
 * Hexadecimal, thousands separators and empty text are not numbers.
 *
 * @example
 * parseNumberCell(' 1e3 '); // 1000
 * parseNumberCell('0x10'); // undefined
 */
export function parseNumberCell(text: string): number | undefined {
  const t = trimmed(text);
  if (t.length === 0) return undefined;
  // Fast path: Number() accepts exactly the decimal forms, plus 0x/0b/0o prefixes (rejected here)
  // and Infinity (left to the slow path).
  const x = Number(t);
  if (Number.isFinite(x)) {
    const second = t.charCodeAt(1) | 0x20;
    return t.charCodeAt(0) === 0x30 && (second === 0x78 || second === 0x62 || second === 0x6f) ? undefined : x;
  }
  if (NUMBER_RE.test(t)) return x;
  const inf = INFINITY_RE.exec(t);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (NAN_RE.test(t)) return NaN;
  return undefined;
}

/**
 * 1 for `true`/`yes`/`1`, 0 for `false`/`no`/`0` (any case), else undefined.
 *
 * @example
 * parseBooleanCell('Yes'); // 1
 */
export function parseBooleanCell(text: string): 0 | 1 | undefined {
  const t = trimmed(text);
  if (t.length > 5) return undefined;
  switch (t.toLowerCase()) {
    case 'true':
    case 'yes':
    case '1':
      return 1;
    case 'false':
    case 'no':
    case '0':
      return 0;
    default:
      return undefined;
  }
}

/**
 * Milliseconds since the Unix epoch for an ISO 8601 date (`2024-03-01`) or date-time
 * (`2024-03-01T12:30`, `2024-03-01 12:30:15.250+02:00`, `...Z`). A date-time without an offset is
 * read as UTC, never as the machine's local time, so every machine reads a file the same way.
 * Impossible dates (`2023-02-29`, `24:00`) are rejected.
 *
 * @example
 * parseTimestampCell('1970-01-02'); // 86400000
 */
export function parseTimestampCell(text: string): number | undefined {
  const m = ISO_TIMESTAMP_RE.exec(trimmed(text));
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day > monthDays || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  // Date.UTC maps years 0-99 to 1900-1999; setting the year afterwards does not.
  date.setUTCFullYear(year);
  return date.getTime() - offsetMinutes * 60_000;
}

/**
 * The numbers of a bracketed list such as `[0.1, 0.2]` (JSON style) or `[0.1 0.2]` (NumPy's
 * print style); elements may be non-finite literals (see {@link parseNumberCell}).
 * Returns undefined when the text is not such a list; `[]` gives an empty array.
 *
 * @example
 * parseNumberListCell('[1, 2.5]'); // [1, 2.5]
 */
export function parseNumberListCell(text: string): number[] | undefined {
  const t = trimmed(text);
  const n = t.length;
  if (n < 2 || t.charCodeAt(0) !== 0x5b || t.charCodeAt(n - 1) !== 0x5d) return undefined;
  const inner = t.slice(1, -1).trim();
  if (inner === '') return [];
  const parts = inner.includes(',') ? inner.split(',') : inner.split(/\s+/);
  const out = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const v = parseNumberCell(parts[i]!);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

/**
 * The text a raw value stands for when it must be read as a string: strings as they are, dates in
 * ISO form, arrays and objects as JSON (bigints as digits), anything else through `String`.
 *
 * @example
 * cellText([1, 2]); // '[1,2]'
 */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return JSON.stringify(Array.from(value as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? Number(x) : x)));
  }
  if (typeof value === 'object' && value !== null) {
    return JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return String(value);
}
