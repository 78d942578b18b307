import type { NumericProfile } from '../core/baseline.js';
import type { Column } from '../core/dataset.js';
import { sortedFinite } from '../baseline/numeric-profile.js';

/** Sorting is the costliest step of the numeric tests; every test of one column shares one sort. */
const sortedCache = new WeakMap<object, Float64Array>();

function sortedOnce(key: object, values: () => Float64Array): Float64Array {
  let s = sortedCache.get(key);
  if (!s) {
    s = sortedFinite(values());
    sortedCache.set(key, s);
  }
  return s;
}

/**
 * The numeric view of a batch column and its profile: numbers and timestamps as they are, text as
 * its length in characters (its profile holds the length distribution). Null for other kinds.
 * The sorted values are cached per column object (the column must not be mutated afterwards).
 */
export function numericView(profile: unknown, column: Column): { profile: NumericProfile; sorted: Float64Array } | null {
  const p = profile as { kind: string; lengths?: NumericProfile };
  if ((column.kind === 'numeric' || column.kind === 'timestamp') && (p.kind === 'numeric' || p.kind === 'timestamp')) {
    return { profile: profile as NumericProfile, sorted: sortedOnce(column, () => column.values) };
  }
  if (column.kind === 'text' && p.kind === 'text' && p.lengths) {
    const lengths = () => Float64Array.from(column.values, (t) => (t === null ? NaN : t.length));
    return { profile: p.lengths, sorted: sortedOnce(column, lengths) };
  }
  return null;
}
