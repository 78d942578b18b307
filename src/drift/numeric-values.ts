import type { NumericProfile } from '../core/baseline.js';
import type { Column } from '../core/dataset.js';
import { sortedFinite, sortedFiniteSequence } from '../baseline/numeric-profile.js';

/** Sorting is the costliest step of the numeric tests; every test of one column shares one sort. */
const sortedCache = new WeakMap<object, Float64Array>();
/** Sorts scheduled by {@link presortNumericViews}, taken on first use. */
const scheduled = new WeakMap<object, () => Float64Array>();

function sortedOnce(key: object, values: () => Float64Array): Float64Array {
  let s = sortedCache.get(key);
  if (!s) {
    s = scheduled.get(key)?.() ?? sortedFinite(values());
    scheduled.delete(key);
    sortedCache.set(key, s);
  }
  return s;
}

/** The profile and the values behind a column's numeric view, or null when it has none. */
function numericSource(profile: unknown, column: Column): { profile: NumericProfile; values: () => Float64Array } | null {
  const p = profile as { kind: string; lengths?: NumericProfile };
  if ((column.kind === 'numeric' || column.kind === 'timestamp') && (p.kind === 'numeric' || p.kind === 'timestamp')) {
    return { profile: profile as NumericProfile, values: () => column.values };
  }
  if (column.kind === 'text' && p.kind === 'text' && p.lengths) {
    return { profile: p.lengths, values: () => Float64Array.from(column.values, (t) => (t === null ? NaN : t.length)) };
  }
  return null;
}

/**
 * The numeric view of a batch column and its profile: numbers and timestamps as they are, text as
 * its length in characters (its profile holds the length distribution). Null for other kinds.
 * The sorted values are cached per column object (the column must not be mutated afterwards).
 */
export function numericView(profile: unknown, column: Column): { profile: NumericProfile; sorted: Float64Array } | null {
  const source = numericSource(profile, column);
  return source ? { profile: source.profile, sorted: sortedOnce(column, source.values) } : null;
}

/**
 * Schedules the sorts behind the numeric views of these columns, to be asked for in this order:
 * worker threads sort columns from the end of the list while the caller's tests work through it
 * from the start (see `sortedFiniteSequence`), so on a wide table the sorts overlap with the
 * tests. Columns without a numeric view, or already sorted, are left out. Returns the function
 * that cancels what was not used.
 */
export function presortNumericViews(columns: readonly { readonly profile: unknown; readonly column: Column }[]): () => void {
  const keys = new Set<Column>();
  const sources: (() => Float64Array)[] = [];
  for (const { profile, column } of columns) {
    const source = numericSource(profile, column);
    if (!source || sortedCache.has(column) || scheduled.has(column) || keys.has(column)) continue;
    keys.add(column);
    sources.push(source.values);
  }
  if (keys.size < 2) return () => {};
  const sequence = sortedFiniteSequence(sources);
  [...keys].forEach((key, i) => scheduled.set(key, () => sequence.get(i)));
  return () => {
    for (const key of keys) scheduled.delete(key);
    sequence.release();
  };
}
