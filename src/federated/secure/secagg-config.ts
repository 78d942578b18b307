/**
 * The parameters of one round of masked secure aggregation (Bonawitz et al. 2017), agreed by the
 * server and every client before the round starts.
 */
import { invalidInput } from '../../core/errors.js';
import { checkFixedPointCapacity, type FixedPointOptions } from './fixed-point.js';

/** One round's parameters. */
export interface SecAggConfig {
  /** The round's id; it salts every derived key, so masks never repeat across rounds. */
  readonly sessionId: string;
  /** The most clients the round admits (n). */
  readonly clientCount: number;
  /** Shares needed to rebuild a secret (t), with n/2 < t ≤ n; up to n − t clients may drop out. */
  readonly threshold: number;
  /** Length of every client's update vector. */
  readonly dimension: number;
  /** The fixed-point encoding of the updates. */
  readonly fixedPoint: FixedPointOptions;
}

/** The smallest threshold this implementation accepts for n clients: ⌊n/2⌋ + 1. */
export function minimumThreshold(clientCount: number): number {
  return Math.floor(clientCount / 2) + 1;
}

/**
 * Checks a round's parameters and returns them. The threshold must exceed n/2: every honest client
 * answers one unmasking request, giving for each other client either its self-mask share or its
 * mask-key share, so a server that tells half the clients "v dropped" and the other half "v
 * survived" collects fewer than t of each kind and cannot unmask v's input.
 */
export function validateSecAggConfig(config: SecAggConfig): SecAggConfig {
  const { sessionId, clientCount: n, threshold: t, dimension } = config;
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 200) {
    throw invalidInput(`sessionId must be a non-empty string of at most 200 characters, got ${JSON.stringify(sessionId)}`, { path: ['sessionId'] });
  }
  if (!Number.isInteger(n) || n < 2) {
    throw invalidInput(`clientCount must be an integer of at least 2 (a sum of one client reveals it), got ${n}`, { path: ['clientCount'] });
  }
  if (!Number.isInteger(t) || t < minimumThreshold(n) || t > n) {
    throw invalidInput(
      `threshold must be an integer with n/2 < t <= n, i.e. in [${minimumThreshold(n)}, ${n}] for ${n} clients, got ${t} ` +
        '(a smaller threshold lets a server that lies about dropouts rebuild both secrets of one client)',
      { path: ['threshold'] },
    );
  }
  if (!Number.isInteger(dimension) || dimension < 1) throw invalidInput(`dimension must be a positive integer, got ${dimension}`, { path: ['dimension'] });
  checkFixedPointCapacity(config.fixedPoint, n);
  return config;
}
