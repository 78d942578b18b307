import type { NumericProfile } from '../core/baseline.js';
import type { Column } from '../core/dataset.js';
import { sortedFinite } from '../baseline/numeric-profile.js';

/**
 * The numeric view of a batch column and its profile: numbers and timestamps as they are, text as
 * its length in characters (its profile holds the length distribution). Null for other kinds.
 */
export function numericView(profile: unknown, column: Column): { profile: NumericProfile; sorted: Float64Array } | null {
  const p = profile as { kind: string; lengths?: NumericProfile };
  if ((column.kind === 'numeric' || column.kind === 'timestamp') && (p.kind === 'numeric' || p.kind === 'timestamp')) {
    return { profile: profile as NumericProfile, sorted: sortedFinite(column.values) };
  }
  if (column.kind === 'text' && p.kind === 'text' && p.lengths) {
    const lengths = new Float64Array(column.values.length);
    column.values.forEach((t, i) => {
      lengths[i] = t === null ? NaN : t.length;
    });
    return { profile: p.lengths, sorted: sortedFinite(lengths) };
  }
  return null;
}
