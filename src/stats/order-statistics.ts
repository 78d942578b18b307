/**
 * Order statistics without a full sort: most-significant-digit radix selection on the IEEE-754
 * bit patterns (the monotone integer keys of Herf 2001, "Radix tricks"). One counting pass on the
 * top bits of the 32-bit key (16 for float32: sign, exponent, 7 mantissa bits; 20 for float64,
 * whose high word spends 3 more bits on the exponent) finds the bucket of each requested rank; if
 * those buckets are still large a second pass splits them on the remaining bits; then the few
 * values left per target bucket are copied out and sorted natively.
 * O(n) for any number of ranks, and correct for any input (a degenerate distribution only makes
 * the final buckets larger).
 */

type Numeric = Float64Array | Float32Array;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * The bit patterns of the values as 32-bit words: key i is word i * stride + offset (the whole
 * float32, or the high word of a float64 on a little-endian machine).
 */
interface Words {
  readonly words: Int32Array;
  readonly stride: number;
  readonly offset: number;
  /** Bits of the key counted in the first pass; the other lowBits in the second. */
  readonly lowBits: number;
}

function wordsOf(values: Numeric): Words {
  if (values instanceof Float32Array) return { words: new Int32Array(values.buffer, values.byteOffset, values.length), stride: 1, offset: 0, lowBits: 16 };
  return { words: new Int32Array(values.buffer, values.byteOffset, values.length * 2), stride: 2, offset: 1, lowBits: 12 };
}

const SIGN = 1 << 31; // -2147483648 as an int32

/** The word with its sign bit flipped, or every bit flipped for a negative value: ordered like the values (int32 arithmetic only). */
function sortable(w: number): number {
  return w ^ ((w >> 31) | SIGN);
}

/**
 * For each rank (ascending), the bucket of hist[offset .. offset + size) holding it and how many
 * elements lie in lower buckets: one sweep for all ranks.
 */
function locateAll(hist: Uint32Array, offset: number, size: number, ascendingRanks: readonly number[]): { bucket: number; below: number }[] {
  const out: { bucket: number; below: number }[] = [];
  let below = 0;
  let k = 0;
  for (let b = 0; b < size && k < ascendingRanks.length; b++) {
    const c = hist[offset + b]!;
    while (k < ascendingRanks.length && ascendingRanks[k]! < below + c) out[k++] = { bucket: b, below };
    below += c;
  }
  if (k < ascendingRanks.length) throw new Error('rank outside the histogram');
  return out;
}

/**
 * Copies the values whose key has a target index (target[key >>> lowBits] for level 1, then
 * level2[t * 2^lowBits + low bits of key] when level2 is given) into one buffer, a segment per target,
 * and sorts each segment.
 */
function collectAndSort(values: Numeric, { words, stride, offset, lowBits }: Words, target: Int32Array, level2: Int32Array | null, sizes: readonly number[]): Float64Array[] {
  const LOW = 1 << lowBits;
  const start = new Uint32Array(sizes.length + 1);
  sizes.forEach((s, t) => (start[t + 1] = start[t]! + s));
  const buffer = new Float64Array(start[sizes.length]!);
  const next = Uint32Array.from(start);
  for (let i = 0, w = offset; i < values.length; i++, w += stride) {
    const k = sortable(words[w]!);
    let t = target[k >>> lowBits]!;
    if (t < 0) continue;
    if (level2 !== null) {
      t = level2[t * LOW + (k & (LOW - 1))]!;
      if (t < 0) continue;
    }
    buffer[next[t]!++] = values[i]!;
  }
  return sizes.map((_, t) => buffer.subarray(start[t]!, start[t + 1]!).sort());
}

/**
 * The order statistics of `values` at the given 0-based ranks (any order, repeats allowed): the
 * same numbers a sort would put at those positions. NaN is not allowed (callers check).
 *
 * @example
 * orderStatistics(Float64Array.of(5, 1, 4, 2, 3), [0, 2, 4]); // Float64Array [1, 3, 5]
 */
export function orderStatistics(values: Numeric, ranks: readonly number[]): Float64Array {
  const n = values.length;
  for (const r of ranks) if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new RangeError(`rank ${r} outside 0..${n - 1}`);
  if (n < 4096 || !LITTLE_ENDIAN) {
    const sorted = values.slice().sort();
    return Float64Array.from(ranks, (r) => sorted[r]!);
  }
  const layout = wordsOf(values);
  const { words, stride, offset, lowBits } = layout;
  const HIGH = 2 ** (32 - lowBits);
  const LOW = 1 << lowBits;
  const unique = [...new Set(ranks)].sort((a, b) => a - b);
  const byRank = new Map<number, number>();

  // Pass 1: the top bits.
  const hist1 = new Uint32Array(HIGH);
  for (let i = 0, w = offset; i < n; i++, w += stride) hist1[sortable(words[w]!) >>> lowBits]!++;
  const level1 = locateAll(hist1, 0, HIGH, unique);
  const buckets1 = [...new Set(level1.map((l) => l.bucket))];
  const target1 = new Int32Array(HIGH).fill(-1);
  buckets1.forEach((b, t) => (target1[b] = t));
  const sizes1 = buckets1.map((b) => hist1[b]!);

  if (sizes1.reduce((a, b) => a + b, 0) <= Math.max(65536, n >> 4)) {
    const sorted = collectAndSort(values, layout, target1, null, sizes1);
    unique.forEach((r, u) => {
      const l = level1[u]!;
      byRank.set(r, sorted[target1[l.bucket]!]![r - l.below]!);
    });
    return Float64Array.from(ranks, (r) => byRank.get(r)!);
  }

  // Pass 2: the low bits of the key, only inside the target buckets; then collect exact keys.
  const hist2 = new Uint32Array(buckets1.length * LOW);
  for (let i = 0, w = offset; i < n; i++, w += stride) {
    const k = sortable(words[w]!);
    const t = target1[k >>> lowBits]!;
    if (t >= 0) hist2[t * LOW + (k & (LOW - 1))]!++;
  }
  const level2 = unique.map((r, u) => {
    const l1 = level1[u]!;
    const base = target1[l1.bucket]! * LOW;
    const l2 = locateAll(hist2, base, LOW, [r - l1.below])[0]!;
    return { cell: base + l2.bucket, below: l1.below + l2.below };
  });
  const cells = [...new Set(level2.map((l) => l.cell))];
  const target2 = new Int32Array(buckets1.length * LOW).fill(-1);
  cells.forEach((c, t) => (target2[c] = t));
  const sorted = collectAndSort(values, layout, target1, target2, cells.map((c) => hist2[c]!));
  unique.forEach((r, u) => {
    const l = level2[u]!;
    byRank.set(r, sorted[target2[l.cell]!]![r - l.below]!);
  });
  return Float64Array.from(ranks, (r) => byRank.get(r)!);
}
