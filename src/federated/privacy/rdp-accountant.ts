// Mironov, Talwar & Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (as TensorFlow Privacy's compute_rdp / get_privacy_spent).
import { invalidInput } from '../../core/errors.js';
import { normalCdf } from '../../stats/normal-distribution.js';

/**
 * The Rényi orders α tracked by default: fractional ones near 1 (where small budgets are decided)
 * and integers up to 64, then a few large ones up to 256.
 */
export const DEFAULT_RDP_ORDERS: readonly number[] = [
  1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5, 4, 4.5,
  ...Array.from({ length: 60 }, (_, i) => i + 5),
  80, 96, 112, 128, 160, 192, 224, 256,
];

/**
 * How RDP turns into (ε, δ): `classic` is ε = RDP(α) − log δ / (α − 1) (Mironov 2017, Prop. 3;
 * the conversion TF Privacy's tutorials reported with); `improved` is
 * ε = RDP(α) + log(1 − 1/α) − log(δ·α) / (α − 1) (Balle et al. 2020; Canonne, Kamath & Steinke
 * 2020; TF Privacy's current `_compute_eps`), never larger.
 */
export const RDP_CONVERSIONS = ['improved', 'classic'] as const;

/** One of {@link RDP_CONVERSIONS}. */
export type RdpConversion = (typeof RDP_CONVERSIONS)[number];

/** What a composition of mechanisms has spent, at the order that gives the smallest ε. */
export interface PrivacySpent {
  readonly epsilon: number;
  readonly delta: number;
  /** The Rényi order at which ε is smallest. */
  readonly order: number;
}

function logAdd(x: number, y: number): number {
  const a = Math.min(x, y);
  const b = Math.max(x, y);
  return a === -Infinity ? b : Math.log1p(Math.exp(a - b)) + b;
}

function logSub(x: number, y: number): number {
  if (y === -Infinity) return x;
  if (x <= y) return -Infinity; // x == y exactly, or rounding past it: the difference is (numerically) nothing
  return Math.log(Math.expm1(x - y)) + y;
}

/** log erfc(x) = log(2 Φ(−x√2)), with the asymptotic series once Φ underflows. */
function logErfc(x: number): number {
  const p = normalCdf(-x * Math.SQRT2);
  if (p > 0) return Math.LN2 + Math.log(p);
  const x2 = x * x;
  return -x2 - Math.log(x * Math.sqrt(Math.PI)) + Math.log1p(-1 / (2 * x2) + 3 / (4 * x2 * x2));
}

/** log|C(α, i)| and the sign of C(α, i) for real α and integer i >= 0, by the product (α − i + 1)/i. */
function logBinomial(alpha: number, i: number, previous: { log: number; sign: number }): { log: number; sign: number } {
  if (i === 0) return { log: 0, sign: 1 };
  const factor = alpha - i + 1;
  if (factor === 0) return { log: -Infinity, sign: 0 };
  return { log: previous.log + Math.log(Math.abs(factor)) - Math.log(i), sign: previous.sign * Math.sign(factor) };
}

/** log A_α for integer α (Mironov et al. 2019, Section 3.3, the finite binomial sum). */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let coef = { log: 0, sign: 1 };
  for (let i = 0; i <= alpha; i++) {
    coef = logBinomial(alpha, i, coef);
    const term = coef.log + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, term);
  }
  return logA;
}

/** log A_α for fractional α (the two series with erfc terms, summed until their terms fall below e^−30). */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const s2 = sigma * sigma;
  const z0 = s2 * Math.log(1 / q - 1) + 0.5;
  let coef = { log: 0, sign: 1 };
  for (let i = 0; ; i++) {
    coef = logBinomial(alpha, i, coef);
    const j = alpha - i;
    const logT0 = coef.log + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = coef.log + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * s2) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * s2) + logE1;
    if (coef.sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30 || i > 100_000) break;
  }
  return logAdd(logA0, logA1);
}

function checkMechanism(q: number, noiseMultiplier: number, steps: number): void {
  if (!(q >= 0 && q <= 1)) throw invalidInput(`RDP accountant: sampling rate q is ${q}; it must be in [0, 1]`, { path: ['samplingRate'] });
  if (!(noiseMultiplier > 0) || !Number.isFinite(noiseMultiplier)) {
    throw invalidInput(`RDP accountant: noise multiplier is ${noiseMultiplier}; it must be a finite number > 0 (noise std / sensitivity)`, { path: ['noiseMultiplier'] });
  }
  if (!Number.isInteger(steps) || steps < 0) throw invalidInput(`RDP accountant: steps is ${steps}; it must be an integer >= 0`, { path: ['steps'] });
}

function checkOrders(orders: readonly number[]): void {
  if (orders.length === 0) throw invalidInput('RDP accountant: no orders; give at least one order > 1');
  for (const a of orders) if (!(a > 1) || !Number.isFinite(a)) throw invalidInput(`RDP accountant: order ${a} is not a finite number > 1`, { path: ['orders'] });
}

/**
 * The RDP at each order of `steps` compositions of the sampled Gaussian mechanism (Poisson
 * sampling with rate q, Gaussian noise of std `noiseMultiplier` × sensitivity), as TF Privacy's
 * `compute_rdp(q, noise_multiplier, steps, orders)`.
 *
 * @throws AntidoteError `invalid_input` for q outside [0, 1], a noise multiplier not > 0, a
 *   negative or fractional step count, or an order not > 1.
 *
 * @example
 * const rdp = computeRdp(256 / 60000, 1.1, 14062);
 */
export function computeRdp(q: number, noiseMultiplier: number, steps: number, orders: readonly number[] = DEFAULT_RDP_ORDERS): Float64Array {
  checkMechanism(q, noiseMultiplier, steps);
  checkOrders(orders);
  return Float64Array.from(orders, (alpha) => {
    if (q === 0) return 0;
    if (q === 1) return (steps * alpha) / (2 * noiseMultiplier * noiseMultiplier);
    const logA = Number.isInteger(alpha) ? logAInteger(q, noiseMultiplier, alpha) : logAFractional(q, noiseMultiplier, alpha);
    return (steps * logA) / (alpha - 1);
  });
}

/**
 * The smallest ε over the orders for a target δ, by the chosen conversion (default `improved`).
 *
 * @throws AntidoteError `invalid_input` for δ outside (0, 1), orders and RDP of different lengths,
 *   or an unknown conversion.
 *
 * @example
 * privacySpent(DEFAULT_RDP_ORDERS, computeRdp(256 / 60000, 1.1, 14062), 1e-5, 'classic'); // ε ≈ 3.01
 */
export function privacySpent(orders: readonly number[], rdp: ArrayLike<number>, delta: number, conversion: RdpConversion = 'improved'): PrivacySpent {
  checkOrders(orders);
  if (!(delta > 0 && delta < 1)) throw invalidInput(`privacySpent: delta is ${delta}; it must be in (0, 1)`, { path: ['delta'] });
  if (rdp.length !== orders.length) throw invalidInput(`privacySpent: ${rdp.length} RDP values for ${orders.length} orders`);
  if (!(RDP_CONVERSIONS as readonly string[]).includes(conversion)) {
    throw invalidInput(`privacySpent: unknown conversion "${String(conversion)}"; available: ${RDP_CONVERSIONS.join(', ')}`);
  }
  let best: PrivacySpent = { epsilon: Infinity, delta, order: orders[0]! };
  for (let i = 0; i < orders.length; i++) {
    const a = orders[i]!;
    const r = rdp[i]!;
    let eps: number;
    if (conversion === 'classic') eps = r - Math.log(delta) / (a - 1);
    else if (delta * delta + Math.expm1(-r) >= 0) eps = 0; // the KL bound alone gives δ: ε = 0
    else if (a > 1.01) eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    else eps = Infinity;
    if (eps < best.epsilon) best = { epsilon: eps, delta, order: a };
  }
  return best;
}

/** One round (or step) of the sampled Gaussian mechanism. */
export interface GaussianRound {
  /** Probability that each client (or example) takes part: participants / population. */
  readonly samplingRate: number;
  /** Noise std divided by the clipping norm (the sensitivity). */
  readonly noiseMultiplier: number;
}

/**
 * Tracks the privacy of a federated training run round by round: RDP adds up over rounds, and
 * (ε, δ) is read off after each one.
 *
 * @example
 * const accountant = new RdpAccountant({ delta: 1e-5 });
 * for (let r = 0; r < rounds; r++) {
 *   // ... a DP-FedAvg round with 100 of 10,000 clients, noise multiplier 1
 *   const { epsilon } = accountant.step({ samplingRate: 0.01, noiseMultiplier: 1 });
 * }
 */
export class RdpAccountant {
  readonly orders: readonly number[];
  readonly delta: number;
  readonly conversion: RdpConversion;
  private readonly total: Float64Array;
  private roundsSoFar = 0;

  constructor(options: { readonly delta: number; readonly orders?: readonly number[]; readonly conversion?: RdpConversion }) {
    this.orders = options.orders ?? DEFAULT_RDP_ORDERS;
    checkOrders(this.orders);
    this.delta = options.delta;
    this.conversion = options.conversion ?? 'improved';
    privacySpent(this.orders, new Float64Array(this.orders.length), this.delta, this.conversion); // validates delta and conversion
    this.total = new Float64Array(this.orders.length);
  }

  /** Rounds accounted so far. */
  get rounds(): number {
    return this.roundsSoFar;
  }

  /** Adds `count` rounds of the mechanism and returns what has been spent since the start. */
  step(round: GaussianRound, count = 1): PrivacySpent {
    const rdp = computeRdp(round.samplingRate, round.noiseMultiplier, count, this.orders);
    for (let i = 0; i < rdp.length; i++) this.total[i]! += rdp[i]!;
    this.roundsSoFar += count;
    return this.spent();
  }

  /** (ε, δ) spent so far. */
  spent(): PrivacySpent {
    return privacySpent(this.orders, this.total, this.delta, this.conversion);
  }

  /** The accumulated RDP per order (a copy). */
  rdp(): Float64Array {
    return Float64Array.from(this.total);
  }
}
