// Deep Partition Aggregation: Levine & Feizi (2021), "Deep Partition Aggregation: Provable Defenses against General Poisoning Attacks", ICLR, arXiv:2006.14768.
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { murmur3Bytes } from '../data/encoding/murmur3.js';
import { dpaVotes, type DpaVotes } from './dpa-certificate.js';

/** A trained base model: one class code per input row. */
export type BaseClassifier = (x: Matrix) => Promise<ArrayLike<number>>;

/** Trains one base model on one partition (`partition` is its number, for seeding). */
export type BaseTrainer = (x: Matrix, labels: Labels, partition: number) => Promise<BaseClassifier>;

/** Settings of {@link DeepPartitionAggregation}. */
export interface DeepPartitionAggregationOptions {
  /** Number of partitions and base models, k >= 2. */
  readonly partitions: number;
  /** Trains a base model (any learner: an Mlp, a softmax regression, ...). */
  readonly train: BaseTrainer;
  /** Seed of the partition hash (default 0). */
  readonly hashSeed?: number;
  /** Called after each base model is trained. */
  readonly onPartition?: (done: number, total: number) => void;
}

/**
 * The partition of every row: the MurmurHash3 of its feature values (as float32 bytes) modulo k.
 * Because the partition depends on the sample alone — not on its position or on the other
 * samples — inserting, removing or changing one training sample touches one partition only.
 *
 * @example
 * dpaPartitions(x, 50); // Int32Array of x.rows values in 0..49
 */
export function dpaPartitions(x: Matrix, partitions: number, hashSeed = 0): Int32Array {
  checkPartitions(partitions);
  const out = new Int32Array(x.rows);
  const row = new Float32Array(x.cols);
  const bytes = new Uint8Array(row.buffer);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) row[j] = x.data[i * x.cols + j]!;
    out[i] = murmur3Bytes(bytes, bytes.length, hashSeed) % partitions;
  }
  return out;
}

/**
 * A certifiably robust ensemble: k base models, each trained on the rows hashed to its partition;
 * the prediction is their plurality vote, and the vote margin certifies how many poisoned
 * training samples (of any kind) each prediction survives (see `dpaCertificate`). A partition
 * without a labelled row yields a base model that abstains.
 *
 * @example
 * const dpa = await new DeepPartitionAggregation({
 *   partitions: 20,
 *   train: async (x, labels, p) => {
 *     const m = await new Mlp({ rng: createRng(p), maxEpochs: 20, validationFraction: 0 }).fit(x, labels);
 *     return (rows) => m.predict(rows);
 *   },
 * }).fit(xTrain, trainLabels);
 * const { prediction, certified } = await dpa.vote(xTest);
 */
export class DeepPartitionAggregation {
  /** The settings. */
  readonly options: DeepPartitionAggregationOptions;
  private models: (BaseClassifier | null)[] | undefined;
  private classes = 0;
  private sizes: number[] = [];

  /** Stores the settings; `invalid_input` for fewer than two partitions. */
  constructor(options: DeepPartitionAggregationOptions) {
    checkPartitions(options.partitions);
    this.options = options;
  }

  /**
   * Splits the labelled rows by hash and trains one base model per non-empty partition, in order.
   *
   * @throws AntidoteError `invalid_input` when labels and rows differ in number.
   */
  async fit(x: Matrix, labels: Labels): Promise<this> {
    if (labels.codes.length !== x.rows) throw invalidInput(`dpa: ${labels.codes.length} labels for ${x.rows} rows; give one label per row`);
    const k = this.options.partitions;
    const part = dpaPartitions(x, k, this.options.hashSeed ?? 0);
    const members: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < x.rows; i++) if (labels.codes[i]! >= 0) members[part[i]!]!.push(i);
    const models: (BaseClassifier | null)[] = [];
    for (let p = 0; p < k; p++) {
      const rows = members[p]!;
      if (rows.length === 0) {
        models.push(null);
      } else {
        const sub = takeRows(x, rows);
        models.push(await this.options.train(sub, { codes: Int32Array.from(rows, (i) => labels.codes[i]!), classes: labels.classes }, p));
      }
      this.options.onPartition?.(p + 1, k);
    }
    this.models = models;
    this.classes = labels.classes;
    this.sizes = members.map((m) => m.length);
    return this;
  }

  /** Labelled training rows per partition (after fit). */
  partitionSizes(): readonly number[] {
    return this.sizes;
  }

  /** Vote counts, plurality predictions and certified radii of the rows of `x`. */
  async vote(x: Matrix): Promise<DpaVotes> {
    if (!this.models) throw invalidInput('dpa: vote called before fit');
    const predictions: ArrayLike<number>[] = [];
    for (const m of this.models) predictions.push(m ? await m(x) : new Int32Array(x.rows).fill(-1));
    return dpaVotes(predictions, this.classes);
  }

  /** The plurality prediction of each row. */
  async predict(x: Matrix): Promise<Int32Array> {
    return (await this.vote(x)).prediction;
  }
}

function checkPartitions(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw invalidInput(`dpa: partitions = ${k} must be an integer >= 2 (one base model per partition)`, { path: ['partitions'] });
}

function takeRows(x: Matrix, rows: readonly number[]): Matrix<Float32Array> {
  const d = x.cols;
  const data = new Float32Array(rows.length * d);
  rows.forEach((i, r) => {
    for (let j = 0; j < d; j++) data[r * d + j] = x.data[i * d + j]!;
  });
  return { rows: rows.length, cols: d, data };
}
