/**
 * Double-double arithmetic (a value is the unevaluated sum hi + lo of two doubles, about 106
 * bits), after Dekker (1971) "A floating-point technique for extending the available precision".
 * Used where a long sum or a large product must keep more than 53 bits (the Smirnov sums, exact
 * factorials).
 */

/** A double-double value: `hi + lo` with |lo| <= ulp(hi) / 2. */
export interface DoubleDouble {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

/** The exact sum of two doubles as a double-double (Knuth's TwoSum). */
export function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  return { hi: s, lo: err };
}

function quickTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** The exact product of two doubles as a double-double (Dekker's TwoProduct, no FMA). */
export function twoProduct(a: number, b: number): DoubleDouble {
  if (Math.abs(a) > 6.69692879491417e299 || Math.abs(b) > 6.69692879491417e299) {
    // Splitting a number above 2^996 overflows: scale it down by 2^53 and back (exact).
    const big = Math.abs(a) >= Math.abs(b);
    const r = big ? twoProduct(a * 1.1102230246251565e-16, b) : twoProduct(a, b * 1.1102230246251565e-16);
    return { hi: r.hi * 9007199254740992, lo: r.lo * 9007199254740992 };
  }
  const p = a * b;
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  const err = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo;
  return { hi: p, lo: err };
}

/** a * b for a double b. */
export function ddMulNumber(a: DoubleDouble, b: number): DoubleDouble {
  const p = twoProduct(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

/** x * 2^e without overflowing the power of two on the way. */
export function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
    if (!Number.isFinite(x)) return x;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
    if (x === 0) return x;
  }
  return x * 2 ** e;
}
