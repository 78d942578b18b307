/**
 * One-hot encoding of a low-cardinality categorical column: one feature per category seen in the
 * reference, plus a last `<other>` feature that fires for categories the reference never had.
 * A missing value is all zeros.
 */
import type { CategoricalColumn } from '../../core/dataset.js';
import type { OneHotEncoding } from './encoder-state.js';

/** Counts of each category code's occurrences (missing codes skipped). */
export function categoryCounts(column: CategoricalColumn): Uint32Array {
  const counts = new Uint32Array(column.categories.length);
  for (const code of column.codes) if (code >= 0) counts[code]!++;
  return counts;
}

/**
 * The reference's categories that occur at least once, most frequent first, ties in code point order.
 *
 * @example
 * fitOneHot({ kind: 'categorical', name: 'c', codes: Int32Array.of(0, 1, 1), categories: ['a', 'b'] }).categories; // ['b', 'a']
 */
export function fitOneHot(column: CategoricalColumn, counts: Uint32Array = categoryCounts(column)): OneHotEncoding {
  const present = column.categories.map((c, i) => ({ c, n: counts[i]! })).filter((x) => x.n > 0);
  present.sort((a, b) => b.n - a.n || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  return { name: column.name, kind: 'categorical', encoding: 'one-hot', categories: present.map((x) => x.c) };
}

/** Feature names: `name=category` for each category, then `name=<other>`. */
export function oneHotFeatureNames(enc: OneHotEncoding): string[] {
  return [...enc.categories.map((c) => `${enc.name}=${c}`), `${enc.name}=<other>`];
}

/** Writes the one-hot features (width `categories.length + 1`) at `offset` of each row of `out`. */
export function writeOneHot(column: CategoricalColumn, enc: OneHotEncoding, out: Float32Array, stride: number, offset: number): void {
  const index = new Map(enc.categories.map((c, i) => [c, i] as const));
  const other = enc.categories.length;
  // Map this data set's codes to feature positions once, not per row.
  const position = Int32Array.from(column.categories, (c) => index.get(c) ?? other);
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code >= 0) out[i * stride + offset + position[code]!] = 1;
  }
}
