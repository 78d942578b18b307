/**
 * {@link SecureSum} by practical secure aggregation (Bonawitz et al. 2017, CCS): each call runs one
 * masked round with a fresh session id between in-process clients and server (see
 * {@link runSecAggRound}); the server side learns only the sum.
 */
import { invalidInput } from '../../core/errors.js';
import type { FixedPointOptions } from './fixed-point.js';
import type { RandomBytes } from './random-bytes.js';
import { runSecAggRound } from './run-secagg-round.js';
import { minimumThreshold } from './secagg-config.js';
import type { SecureSum, SecureSumInput, SecureSumResult } from './secure-sum.js';

/** Options of {@link MaskedSecureSum}. */
export interface MaskedSecureSumOptions {
  /** Fixed-point encoding; its capacity is checked against the number of clients of each sum. */
  readonly fixedPoint: FixedPointOptions;
  /** Share of the clients whose shares rebuild a secret, in (0.5, 1] (default: the smallest allowed, ⌊n/2⌋ + 1). */
  readonly thresholdFraction?: number;
  /** Randomness for keys and seeds (default: the system CSPRNG). */
  readonly randomBytes?: RandomBytes;
  /** Prefix of the session ids, which are `${prefix}-${call number}` (default `secagg`). */
  readonly sessionPrefix?: string;
}

/**
 * Secure summation by pairwise and self masks.
 *
 * @example
 * const summer = new MaskedSecureSum({ fixedPoint: { scale: 2 ** 16, maxAbsValue: 10 } });
 * const { sum } = await summer.sum([{ clientId: 'a', values: a }, { clientId: 'b', values: b }]);
 */
export class MaskedSecureSum implements SecureSum {
  readonly name = 'masking';
  readonly options: MaskedSecureSumOptions;
  private rounds = 0;

  constructor(options: MaskedSecureSumOptions) {
    const f = options.thresholdFraction;
    if (f !== undefined && !(f > 0.5 && f <= 1)) throw invalidInput(`thresholdFraction must be in (0.5, 1], got ${f}`);
    this.options = options;
  }

  /** Runs one masked round over `inputs`. */
  async sum(inputs: readonly SecureSumInput[]): Promise<SecureSumResult> {
    const n = inputs.length;
    if (n < 2) throw invalidInput(`secure summation needs at least 2 clients (a sum of one reveals it), got ${n}`);
    const dimension = inputs[0]!.values.length;
    const f = this.options.thresholdFraction;
    const threshold = f === undefined ? minimumThreshold(n) : Math.max(minimumThreshold(n), Math.ceil(f * n));
    this.rounds += 1;
    const result = runSecAggRound({
      config: { sessionId: `${this.options.sessionPrefix ?? 'secagg'}-${this.rounds}`, clientCount: n, threshold, dimension, fixedPoint: this.options.fixedPoint },
      inputs,
      ...(this.options.randomBytes ? { randomBytes: this.options.randomBytes } : {}),
    });
    return { sum: result.sum, clientIds: result.survivors };
  }
}
