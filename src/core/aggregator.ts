/**
 * The shape every federated aggregation rule shares (after Flower's `aggregate.py`: pure functions
 * over `(weights, numExamples)` pairs, the round logic only wires them in).
 */

/** One client's contribution to a round: its flattened model update and how many examples produced it. */
export interface ClientUpdate {
  /** The flattened update (or model); every client of a round sends the same length. */
  readonly values: Float32Array;
  /** Examples the client trained on; rules that weight clients (FedAvg, Multi-Krum) use it, robust ones ignore it. */
  readonly numExamples: number;
}

/** A pure aggregation rule: the round's updates (and rule options) in, the aggregate out (a new array). */
export type AggregationRule<Options = undefined> = (updates: readonly ClientUpdate[], options?: Options) => Float32Array;

/** A registered aggregation rule with what it promises, so one contract suite can check every rule. */
export interface Aggregator {
  /** The registry name (`krum`, `trimmed-mean`, ...). */
  readonly name: string;
  /** The paper it follows, one line. */
  readonly citation: string;
  /** The output does not change when the clients are reordered (up to ties and float rounding). */
  readonly permutationInvariant: boolean;
  /** The fewest clients the rule accepts for `byzantine` tolerated Byzantine clients. */
  minClients(byzantine: number): number;
  /** Runs the rule with options built from a tolerated Byzantine count (f) where the rule has one. */
  aggregate(updates: readonly ClientUpdate[], options?: Readonly<Record<string, unknown>>): Float32Array;
}
