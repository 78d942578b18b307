/**
 * Feature hashing of a high-cardinality categorical column (Weinberger et al. 2009, "Feature
 * Hashing for Large Scale Multitask Learning"): the category's MurmurHash3 picks one of `buckets`
 * features, which is set to 1. Unseen categories need no state; a missing value is all zeros.
 */
import type { CategoricalColumn } from '../../core/dataset.js';
import type { HashingEncoding } from './encoder-state.js';
import { hashBucket } from './murmur3.js';

/**
 * A hashing encoding of `buckets` features.
 *
 * @example
 * fitCategoryHashing(column, 64, 0); // { encoding: 'hashing', buckets: 64, seed: 0, ... }
 */
export function fitCategoryHashing(column: CategoricalColumn, buckets: number, seed: number): HashingEncoding {
  return { name: column.name, kind: 'categorical', encoding: 'hashing', buckets, seed };
}

/** Feature names: `name#hash0` ... `name#hash<buckets-1>`. */
export function categoryHashingFeatureNames(enc: HashingEncoding): string[] {
  return Array.from({ length: enc.buckets }, (_, b) => `${enc.name}#hash${b}`);
}

/** Writes the hashed one-hot features (width `buckets`) at `offset` of each row of `out`. */
export function writeCategoryHashing(column: CategoricalColumn, enc: HashingEncoding, out: Float32Array, stride: number, offset: number): void {
  const bucket = Int32Array.from(column.categories, (c) => hashBucket(c, enc.buckets, enc.seed));
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code >= 0) out[i * stride + offset + bucket[code]!] = 1;
  }
}
