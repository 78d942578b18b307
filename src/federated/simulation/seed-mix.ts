/**
 * Seeds derived from a run's seed and a path of integers (round, client), so every random choice
 * of a simulation depends only on where it happens, not on what ran before: runs with different
 * aggregation rules sample the same clients and batch orders from the same seed.
 */

/**
 * A 32-bit seed from `seed` and `parts`, by a murmur3-style mix of each part in turn.
 *
 * @example
 * createRng(mixSeed(7, round, client));
 */
export function mixSeed(seed: number, ...parts: readonly number[]): number {
  let h = seed >>> 0;
  for (const part of [...parts, parts.length]) {
    let k = Math.imul(part >>> 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = ((h << 13) | (h >>> 19)) >>> 0;
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
