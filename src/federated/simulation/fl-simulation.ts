/**
 * The federated simulation: N clients with shards of a labelled data set, f of them Byzantine,
 * and for each configured aggregation rule its own run from the same seed — per round, sample
 * clients, train locally (FedAvg's ClientUpdate), let the Byzantine clients substitute their
 * updates, aggregate, step the global model, and measure test accuracy and attack success.
 */
import type { Aggregator, ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import { createRng, permutation, sampleIndices } from '../../core/rng.js';
import { clientAnomalyScores } from '../aggregation/client-anomaly-scores.js';
import { createByzantineBehaviour } from '../byzantine/byzantine-attacks.js';
import type { AttackTest, ByzantineBehaviour, LabelledRows } from '../byzantine/byzantine-behaviour.js';
import { dirichletPartition } from './dirichlet-partition.js';
import { flSimulationConfig, type FlSimulationConfig } from './fl-simulation-config.js';
import { flatMlpParameterCount, initialFlatMlp } from './flat-mlp.js';
import { iidPartition } from './iid-partition.js';
import { localSgdUpdate } from './local-sgd.js';
import { flatMlpAttackSuccess, flatMlpAccuracy } from './model-evaluation.js';
import { mixSeed } from './seed-mix.js';
import { resolveAggregators, roundAggregatorOptions } from './simulation-aggregators.js';

/** The data a simulation splits across clients and tests on. */
export interface FlSimulationData {
  readonly train: LabelledRows;
  readonly test: LabelledRows;
}

/** What one round of one rule's run measured. */
export interface FlRoundMetrics {
  /** 1-based. */
  readonly round: number;
  /** Share of the test rows the global model classifies right after this round. */
  readonly accuracy: number;
  /** Share of the attack's test rows classified as the attacker wants (targeted attacks), else null. */
  readonly attackSuccess: number | null;
  /** Byzantine clients among this round's sampled clients. */
  readonly byzantineInRound: number;
  /** Mean distance of the Byzantine updates to the round's aggregate, relative to the round's median distance (1 = typical); null without Byzantine clients in the round. */
  readonly byzantineRelativeDistance: number | null;
  /** The same for the honest updates; null without honest clients in the round. */
  readonly honestRelativeDistance: number | null;
  /** True when the aggregate was not finite and the server kept the previous model. */
  readonly skipped: boolean;
}

/** One rule's run. */
export interface FlAggregatorRun {
  /** Registry name. */
  readonly aggregator: string;
  readonly citation: string;
  readonly rounds: readonly FlRoundMetrics[];
  /** Accuracy after the last round. */
  readonly finalAccuracy: number;
  /** Attack success after the last round, or null. */
  readonly finalAttackSuccess: number | null;
  /** Wall-clock seconds of the run (not reproducible, unlike everything else). */
  readonly seconds: number;
}

/** Everything a simulation produced. */
export interface FlSimulationResult {
  readonly config: FlSimulationConfig;
  readonly model: { readonly kind: 'softmax-regression' | 'mlp'; readonly sizes: readonly number[]; readonly parameters: number };
  readonly attack: { readonly name: string; readonly citation: string; readonly targeted: boolean };
  /** The Byzantine clients' ids (0-based), ascending. */
  readonly byzantineClients: readonly number[];
  /** Training rows per client, by client id. */
  readonly shardSizes: readonly number[];
  /** Training rows held back as the server's root data set (FLTrust). */
  readonly rootExamples: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** Accuracy and attack success of the initial model, before round 1. */
  readonly initial: { readonly accuracy: number; readonly attackSuccess: number | null };
  /** One run per rule, in the configured order. */
  readonly runs: readonly FlAggregatorRun[];
}

/** What a caller hears while a simulation runs. */
export interface FlSimulationHooks {
  /** After every round of every rule. */
  readonly onRound?: (event: { readonly aggregator: string; readonly rounds: number; readonly metrics: FlRoundMetrics }) => void;
  /** Aborts between rounds. */
  readonly signal?: AbortSignal;
}

// Fixed stream ids for mixSeed, so each kind of random choice has its own stream.
const STREAM = { byzantine: 1, sample: 2, train: 3, attack: 4, poison: 5, init: 6, split: 7, root: 8 } as const;

/**
 * Runs the simulation once per configured aggregation rule, every run from the same seed (same
 * split, Byzantine clients, initial model and client sampling), and returns the per-round metrics.
 *
 * @throws AntidoteError `invalid_input` for a bad configuration, a rule whose precondition the
 *   round size breaks (Bulyan needs n >= 4f + 3), or too few training rows for the clients.
 *
 * @example
 * const result = await runFlSimulation({ train, test }, { clients: 20, byzantine: 4, attack: 'alie', aggregators: ['fedavg', 'median'] });
 * result.runs.map((r) => [r.aggregator, r.finalAccuracy]);
 */
export async function runFlSimulation(data: FlSimulationData, partial: Partial<FlSimulationConfig>, hooks: FlSimulationHooks = {}): Promise<FlSimulationResult> {
  const config = flSimulationConfig(partial);
  const { train, test } = data;
  const K = train.labels.classes;
  if (test.labels.classes !== K || test.x.cols !== train.x.cols) throw invalidInput(`fl simulation: test rows (${test.x.cols} features, ${test.labels.classes} classes) do not match the training rows (${train.x.cols}, ${K})`);
  if (config.attack === 'scaling' && config.backdoorTarget >= K) throw invalidInput(`fl simulation: backdoorTarget ${config.backdoorTarget} is not one of the ${K} classes`, { path: ['backdoorTarget'] });
  const rules = resolveAggregators(config.aggregators, config.clientsPerRound, config.byzantine);
  const behaviour = createByzantineBehaviour(config.attack, {
    ...(config.attackScale !== undefined ? { scale: config.attackScale } : {}),
    target: config.backdoorTarget,
  });

  // The root data set (FLTrust) is always held back, so that adding a rule does not change the split.
  const order = permutation(train.x.rows, createRng(mixSeed(config.seed, STREAM.root)));
  if (train.x.rows < config.rootExamples + config.clients) {
    throw invalidInput(`fl simulation: ${train.x.rows} training rows cannot hold back ${config.rootExamples} root rows and give each of ${config.clients} clients one`);
  }
  const root = gather(train, order.subarray(0, config.rootExamples));
  const pool = gather(train, order.subarray(config.rootExamples));
  const splitRng = createRng(mixSeed(config.seed, STREAM.split));
  const parts = config.split === 'iid' ? iidPartition(pool.x.rows, config.clients, splitRng) : dirichletPartition(pool.labels.codes, K, config.clients, { alpha: config.alpha }, splitRng);
  const shards = parts.map((rows) => gather(pool, rows));
  const byzantine = new Set(config.byzantine > 0 ? sampleIndices(config.clients, config.byzantine, createRng(mixSeed(config.seed, STREAM.byzantine))) : []);
  const trainingShards = shards.map((s, c) => (byzantine.has(c) && behaviour.poisonShard ? behaviour.poisonShard(s, createRng(mixSeed(config.seed, STREAM.poison, c))) : s));

  const sizes = [train.x.cols, ...config.hiddenLayers, K];
  const initialParams = initialFlatMlp(sizes, createRng(mixSeed(config.seed, STREAM.init)));
  const attackTest = behaviour.attackTest?.(test);
  const initial = { accuracy: await flatMlpAccuracy(sizes, initialParams, test), attackSuccess: attackTest ? await flatMlpAttackSuccess(sizes, initialParams, attackTest) : null };

  const runs: FlAggregatorRun[] = [];
  for (const rule of rules) {
    runs.push(await runOneRule(rule, { config, sizes, initialParams, trainingShards, byzantine, behaviour, root, test, attackTest }, hooks));
  }
  return {
    config,
    model: { kind: config.hiddenLayers.length === 0 ? 'softmax-regression' : 'mlp', sizes, parameters: flatMlpParameterCount(sizes) },
    attack: { name: behaviour.name, citation: behaviour.citation, targeted: attackTest !== undefined },
    byzantineClients: [...byzantine].sort((a, b) => a - b),
    shardSizes: shards.map((s) => s.x.rows),
    rootExamples: root.x.rows,
    trainRows: train.x.rows,
    testRows: test.x.rows,
    initial,
    runs,
  };
}

interface RunSetup {
  readonly config: FlSimulationConfig;
  readonly sizes: readonly number[];
  readonly initialParams: Float32Array;
  readonly trainingShards: readonly LabelledRows[];
  readonly byzantine: ReadonlySet<number>;
  readonly behaviour: ByzantineBehaviour;
  readonly root: LabelledRows;
  readonly test: LabelledRows;
  readonly attackTest: AttackTest | undefined;
}

async function runOneRule(rule: Aggregator, s: RunSetup, hooks: FlSimulationHooks): Promise<FlAggregatorRun> {
  const { config, sizes, behaviour } = s;
  const started = performance.now();
  const global = s.initialParams.slice();
  const d = global.length;
  let previousAggregate: Float32Array = new Float32Array(d);
  const rounds: FlRoundMetrics[] = [];
  const everyone = Uint32Array.from({ length: config.clients }, (_, i) => i);
  for (let round = 1; round <= config.rounds; round++) {
    hooks.signal?.throwIfAborted();
    const sampled = config.clientsPerRound === config.clients ? everyone : sampleIndices(config.clients, config.clientsPerRound, createRng(mixSeed(config.seed, STREAM.sample, round)));
    const honestIds: number[] = [];
    const byzantineIds: number[] = [];
    for (const c of sampled) (s.byzantine.has(c) ? byzantineIds : honestIds).push(c);
    const train = (c: number) => localSgdUpdate(sizes, global, s.trainingShards[c]!, config.local, createRng(mixSeed(config.seed, STREAM.train, round, c)));
    const honestUpdates: Float32Array[] = [];
    for (const c of honestIds) honestUpdates.push(await train(c));
    const ownUpdates: Float32Array[] = [];
    if (behaviour.trainsLocally) for (const c of byzantineIds) ownUpdates.push(await train(c));
    const crafted = byzantineIds.length === 0 ? [] : behaviour.craft({
      honestUpdates, ownUpdates, byzantineCount: byzantineIds.length, clientsInRound: sampled.length, dimension: d,
      rng: createRng(mixSeed(config.seed, STREAM.attack, round)),
    });
    // The server sees the round in client-id order, not honest clients first.
    const sent = new Map<number, Float32Array>();
    honestIds.forEach((c, i) => sent.set(c, honestUpdates[i]!));
    byzantineIds.forEach((c, i) => sent.set(c, crafted[i]!));
    const ids = [...sampled];
    const updates: ClientUpdate[] = ids.map((c) => ({ values: sent.get(c)!, numExamples: s.trainingShards[c]!.x.rows }));
    const serverUpdate = rule.name === 'fl-trust' ? await localSgdUpdate(sizes, global, s.root, config.local, createRng(mixSeed(config.seed, STREAM.train, round, config.clients))) : undefined;
    const aggregate = rule.aggregate(updates, roundAggregatorOptions(rule, updates, { byzantine: config.byzantine, previousAggregate, ...(serverUpdate ? { serverUpdate } : {}) }));
    const skipped = !aggregate.every(Number.isFinite);
    if (!skipped) {
      for (let p = 0; p < d; p++) global[p] = global[p]! + aggregate[p]!;
      previousAggregate = aggregate;
    }
    const distances = skipped ? undefined : clientAnomalyScores(updates, aggregate).map((a) => a.relativeDistance);
    const meanOf = (which: (c: number) => boolean): number | null => {
      if (!distances) return null;
      const v = ids.flatMap((c, i) => (which(c) && Number.isFinite(distances[i]!) ? [distances[i]!] : []));
      return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
    };
    const metrics: FlRoundMetrics = {
      round,
      accuracy: await flatMlpAccuracy(sizes, global, s.test),
      attackSuccess: s.attackTest ? await flatMlpAttackSuccess(sizes, global, s.attackTest) : null,
      byzantineInRound: byzantineIds.length,
      byzantineRelativeDistance: meanOf((c) => s.byzantine.has(c)),
      honestRelativeDistance: meanOf((c) => !s.byzantine.has(c)),
      skipped,
    };
    rounds.push(metrics);
    hooks.onRound?.({ aggregator: rule.name, rounds: config.rounds, metrics });
  }
  const last = rounds[rounds.length - 1]!;
  return { aggregator: rule.name, citation: rule.citation, rounds, finalAccuracy: last.accuracy, finalAttackSuccess: last.attackSuccess, seconds: (performance.now() - started) / 1000 };
}

function gather(rows: LabelledRows, index: ArrayLike<number>): LabelledRows {
  const d = rows.x.cols;
  const data = new Float32Array(index.length * d);
  const codes = new Int32Array(index.length);
  for (let r = 0; r < index.length; r++) {
    const i = index[r]!;
    data.set(rows.x.data.subarray(i * d, (i + 1) * d), r * d);
    codes[r] = rows.labels.codes[i]!;
  }
  return { x: { rows: index.length, cols: d, data }, labels: { codes, classes: rows.labels.classes } };
}
