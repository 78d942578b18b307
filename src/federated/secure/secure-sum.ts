/**
 * The one interface behind which Antidote sums client updates without the aggregating server
 * seeing any single one: masked secure aggregation ({@link MaskedSecureSum}) or CKKS homomorphic
 * encryption ({@link CkksSecureSum}). Callers such as {@link groupedSecureAggregate} take any of them.
 */

/** One client's update to be summed. */
export interface SecureSumInput {
  readonly clientId: string;
  readonly values: Float32Array;
}

/** The sum and whose updates it contains (clients that dropped out are left out). */
export interface SecureSumResult {
  readonly sum: Float64Array;
  readonly clientIds: readonly string[];
}

/** Sums client updates so that the aggregator learns only the sum. */
export interface SecureSum {
  /** A short name for reports: `masking`, `ckks`. */
  readonly name: string;
  /** Sums `inputs` (all of one length); the result lists the clients included. */
  sum(inputs: readonly SecureSumInput[]): Promise<SecureSumResult>;
}
