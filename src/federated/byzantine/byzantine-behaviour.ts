/**
 * What a Byzantine client does in a federated round: optionally train on poisoned data, then send
 * crafted updates. Omniscient attacks (ALIE, IPM) see every honest update of the round.
 */
import type { Labels } from '../../core/detector.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';

/** Rows of features with a class label each (a client's shard, a test set). */
export interface LabelledRows {
  /** `rows x features`, row-major. */
  readonly x: Matrix<Float32Array>;
  /** One class code per row. */
  readonly labels: Labels;
}

/** What the Byzantine clients of one round know when they craft their updates. */
export interface ByzantineRound {
  /** The updates the round's honest clients send (omniscient attacks see them all). */
  readonly honestUpdates: readonly Float32Array[];
  /**
   * One update per Byzantine client of the round, from local training on its own (possibly
   * poisoned) shard; empty when the behaviour does not train ({@link ByzantineBehaviour.trainsLocally}).
   */
  readonly ownUpdates: readonly Float32Array[];
  /** Byzantine clients in the round. */
  readonly byzantineCount: number;
  /** Clients in the round, honest and Byzantine. */
  readonly clientsInRound: number;
  /** Parameters of each update. */
  readonly dimension: number;
  /** Seeded randomness for this round's attack. */
  readonly rng: Rng;
}

/** Test rows with the label the attacker wants them classified as: attack success is the share predicted so. */
export interface AttackTest {
  readonly x: Matrix<Float32Array>;
  /** The attacker's label for each row of `x`. */
  readonly wanted: Int32Array;
}

/** A Byzantine client behaviour, one per attack. */
export interface ByzantineBehaviour {
  /** The attack's name in the registry (`sign-flip`, `alie`, ...). */
  readonly name: string;
  /** The paper it follows, one line. */
  readonly citation: string;
  /** Whether each Byzantine client first trains locally (the result is {@link ByzantineRound.ownUpdates}). */
  readonly trainsLocally: boolean;
  /** The shard a Byzantine client trains on instead of its own (data-poisoning attacks); absent = its own shard. */
  poisonShard?(shard: LabelledRows, rng: Rng): LabelledRows;
  /** The updates the round's Byzantine clients send, `byzantineCount` of them, each of length `dimension`. */
  craft(round: ByzantineRound): Float32Array[];
  /** For targeted attacks: the test rows and wanted labels that measure attack success; absent for untargeted ones. */
  attackTest?(test: LabelledRows): AttackTest;
}
