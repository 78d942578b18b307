import { invalidInput } from '../core/errors.js';

/**
 * Canonical JSON for signing and hashing: object keys sorted at every level, no whitespace,
 * `undefined` fields dropped, and only values that survive a JSON round trip (finite numbers,
 * strings, booleans, null, arrays, plain objects). Equal values always give equal bytes.
 *
 * This is a small copy of the rule in `baseline/canonical-json.ts`: that file sits in a higher
 * layer, and crypto may only import core. Unlike it, this one rejects values JSON would silently
 * change (NaN, Infinity, bigint, functions), because a signature over changed bytes is worthless.
 *
 * @example
 * strictCanonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function strictCanonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, []));
}

/** {@link strictCanonicalJson} as UTF-8 bytes, the exact input of every hash and signature over JSON. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(strictCanonicalJson(value), 'utf8');
}

function normalise(value: unknown, path: (string | number)[]): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidInput(`canonical JSON cannot hold the number ${value}; only finite numbers are allowed`, { path });
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, [...path, i]));
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = normalise(v, [...path, k]);
    }
    return out;
  }
  throw invalidInput(`canonical JSON cannot hold a value of type ${typeof value === 'object' ? Object.prototype.toString.call(value) : typeof value}; allowed: null, boolean, finite number, string, array, plain object`, { path });
}
