/**
 * The data sets of the evaluation lab as encoded matrices: Fashion-MNIST (its own train and test
 * splits), the SpamAssassin corpus (hashed TF-IDF of the raw e-mails) and any CSV file (the
 * feature encoder over every column but the label), the last two split 70/30 by a seeded shuffle.
 */
import type { Labels } from '../core/detector.js';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, permutation } from '../core/rng.js';
import type { ImageShape } from '../attacks/image-patch-backdoor.js';
import type { Dataset } from '../core/dataset.js';
import { fitFeatureEncoder, transformFeatures } from '../data/encoding/feature-encoder.js';
import { FASHION_MNIST_CLASSES, loadFashionMnist } from '../data/fashion-mnist.js';
import { readDataset } from '../data/read-dataset.js';
import { loadSpamAssassin } from '../data/spam-assassin.js';
import { labelCodes } from './run-detectors.js';

/** The built-in data sets; anything else names a CSV file. */
export const EVALUATION_DATASETS = ['fashion-mnist', 'spam-assassin'] as const;

/** Rows and their class codes. */
export interface LabelledMatrix {
  readonly x: Matrix<Float32Array>;
  readonly labels: Labels;
}

/** A data set ready for the lab. */
export interface EvaluationData {
  /** `fashion-mnist`, `spam-assassin`, or the CSV path. */
  readonly name: string;
  readonly train: LabelledMatrix;
  readonly test: LabelledMatrix;
  /** Class names in code order. */
  readonly classNames: readonly string[];
  /** Set when rows are images (patch triggers need it). */
  readonly imageShape: ImageShape | null;
  /** Smallest and largest feature value of the training rows (trigger values, clipping). */
  readonly range: readonly [number, number];
  /** Per feature, the largest training value (the feature trigger's values). */
  readonly columnMax: Float32Array;
}

/** Options of {@link loadEvaluationData}. */
export interface EvaluationDataOptions {
  /** Training rows at most (Fashion-MNIST: the first of its train split; others: of the 70% split). */
  readonly limit?: number;
  /** Test rows at most (default: the whole test split, at most 10,000). */
  readonly testLimit?: number;
  /** The label column of a CSV file. */
  readonly label?: string;
  readonly delimiter?: string;
  /** Rows of a CSV file are `height x width[x channels]` images. */
  readonly imageShape?: ImageShape;
}

/** Share of the rows of a CSV or SpamAssassin held out for testing. */
export const EVALUATION_TEST_SHARE = 0.3;

/**
 * Loads and encodes the data set `name` (a built-in one or a CSV path).
 *
 * @throws AntidoteError `not_found`/`unsupported` when a built-in data set is not installed (the
 *   message says how to install it), `invalid_input` for a CSV without `label`, or a bad limit.
 * @example
 * const data = await loadEvaluationData('fashion-mnist', { limit: 5000, testLimit: 2000 });
 */
export async function loadEvaluationData(name: string, options: EvaluationDataOptions = {}): Promise<EvaluationData> {
  for (const key of ['limit', 'testLimit'] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 10)) throw invalidInput(`evaluate: ${key} = ${v} must be a whole number >= 10`, { path: [key] });
  }
  if (name === 'fashion-mnist') {
    const train = await loadFashionMnist({ split: 'train', ...(options.limit !== undefined ? { limit: options.limit } : {}) });
    const test = await loadFashionMnist({ split: 'test', limit: options.testLimit ?? 10000 });
    return finish(name, train, test, FASHION_MNIST_CLASSES, { height: 28, width: 28, channels: 1 });
  }
  if (name === 'spam-assassin') {
    const ds = await loadSpamAssassin();
    return fromDataset(name, ds, 'label', options, null);
  }
  if (options.label === undefined) throw invalidInput(`evaluate: the data set "${name}" is a file, so it needs the label column (--label COL); built-in data sets: ${EVALUATION_DATASETS.join(', ')}`, { path: ['label'] });
  const ds = await readDataset(name, options.delimiter !== undefined ? { delimiter: options.delimiter } : {});
  return fromDataset(name, ds, options.label, options, options.imageShape ?? null);
}

function fromDataset(name: string, ds: Dataset, label: string, options: EvaluationDataOptions, imageShape: ImageShape | null): EvaluationData {
  const labels = labelCodes(ds, label);
  if (labels.classes < 2) throw new AntidoteError('invalid_input', `label column "${label}" has ${labels.classes} class; the lab needs at least two`, { column: label });
  const encoder = fitFeatureEncoder(ds, { exclude: [label] });
  const x = transformFeatures(ds, encoder).matrix;
  const order = permutation(ds.rowCount, createRng(0));
  const testRows = Math.round(ds.rowCount * EVALUATION_TEST_SHARE);
  const test = order.subarray(0, Math.min(testRows, options.testLimit ?? testRows));
  const train = order.subarray(testRows, Math.min(ds.rowCount, testRows + (options.limit ?? ds.rowCount)));
  if (train.length < 10 || test.length < 2) throw invalidInput(`evaluate: ${name} has ${ds.rowCount} rows; the lab needs at least 10 to train on and 2 to test on`);
  return finish(name, take(x, labels, train), take(x, labels, test), labels.names, imageShape);
}

function take(x: Matrix<Float32Array>, labels: Labels, rows: Uint32Array): LabelledMatrix {
  const sorted = Uint32Array.from(rows).sort();
  const d = x.cols;
  const data = new Float32Array(sorted.length * d);
  sorted.forEach((i, r) => data.set(x.data.subarray(i * d, (i + 1) * d), r * d));
  return { x: { rows: sorted.length, cols: d, data }, labels: { codes: Int32Array.from(sorted, (i) => labels.codes[i]!), classes: labels.classes } };
}

function finish(name: string, train: LabelledMatrix, test: LabelledMatrix, classNames: readonly string[], imageShape: ImageShape | null): EvaluationData {
  const d = train.x.cols;
  let lo = Infinity;
  let hi = -Infinity;
  const columnMax = new Float32Array(d).fill(-Infinity);
  for (let p = 0; p < train.x.data.length; p++) {
    const v = train.x.data[p]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v > columnMax[p % d]!) columnMax[p % d] = v;
  }
  return { name, train, test, classNames, imageShape, range: [lo, hi], columnMax };
}
