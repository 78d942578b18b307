/**
 * MurmurHash3, x86 32-bit variant (Appleby 2011, https://github.com/aappleby/smhasher), over the
 * UTF-8 bytes of a string: the hash scikit-learn's `murmurhash3_32` and `HashingVectorizer` use,
 * so hashed features here land in the same buckets as there.
 */

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/**
 * The unsigned 32-bit MurmurHash3 of `text`'s UTF-8 bytes.
 *
 * @example
 * murmur3('hello'); // 613153351, as sklearn.utils.murmurhash3_32('hello', positive=True)
 */
export function murmur3(text: string, seed = 0): number {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return murmur3Bytes(scratch, written, seed);
}

/** The unsigned 32-bit MurmurHash3 of the first `length` bytes of `bytes`. */
export function murmur3Bytes(bytes: Uint8Array, length: number = bytes.length, seed = 0): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (length & 3) {
    case 3:
      k ^= bytes[blocks + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[blocks]!;
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The bucket in [0, buckets) a string hashes to: |murmur3 as a signed 32-bit int| mod buckets,
 * scikit-learn's `FeatureHasher` convention.
 *
 * @example
 * hashBucket('hello', 1024); // 613153351 % 1024 = 839
 */
export function hashBucket(text: string, buckets: number, seed = 0): number {
  return Math.abs(murmur3(text, seed) | 0) % buckets;
}
