// Small data sets with known poison, for the detector contract suite: each returns the matrix, labels and the mask of planted rows.
import type { Labels } from '../../src/core/detector.js';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/rng.js';

/** A planted data set: `poisoned[i]` is 1 where row i was planted. */
export interface Planted {
  readonly x: Matrix<Float32Array>;
  readonly labels: Labels;
  readonly poisoned: Uint8Array;
}

/** Gaussian blobs (one per class) with `rate` of rows moved far away: what outlier detectors must find. */
export function plantedOutliers(seed: number, rows = 400, dim = 6, rate = 0.05): Planted {
  const rng = createRng(seed);
  const x = new Float32Array(rows * dim);
  const codes = new Int32Array(rows);
  const poisoned = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    codes[i] = c;
    const far = rng.next() < rate;
    poisoned[i] = far ? 1 : 0;
    for (let j = 0; j < dim; j++) x[i * dim + j] = (c === 0 ? -2 : 2) + rng.normal() + (far ? (rng.next() < 0.5 ? -1 : 1) * (8 + 2 * rng.next()) : 0);
  }
  return { x: { rows, cols: dim, data: x }, labels: { codes, classes: 2 }, poisoned };
}

/** Two well-separated classes with `rate` of labels flipped: what label-flip detectors must find. */
export function plantedLabelFlips(seed: number, rows = 400, dim = 6, rate = 0.1): Planted {
  const rng = createRng(seed);
  const x = new Float32Array(rows * dim);
  const codes = new Int32Array(rows);
  const poisoned = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    for (let j = 0; j < dim; j++) x[i * dim + j] = (c === 0 ? -1.5 : 1.5) + rng.normal();
    const flip = rng.next() < rate;
    poisoned[i] = flip ? 1 : 0;
    codes[i] = flip ? 1 - c : c;
  }
  return { x: { rows, cols: dim, data: x }, labels: { codes, classes: 2 }, poisoned };
}

/**
 * A backdoor in representation space: rows of class 0 carry a trigger that shifts them along one
 * direction and are relabelled as the target class 1 (`rate` of all rows), as BadNets poisons look
 * in a network's penultimate layer.
 */
export function plantedBackdoor(seed: number, rows = 600, dim = 16, rate = 0.08): Planted {
  const rng = createRng(seed);
  const x = new Float32Array(rows * dim);
  const codes = new Int32Array(rows);
  const poisoned = new Uint8Array(rows);
  const direction = new Float32Array(dim);
  for (let j = 0; j < dim; j++) direction[j] = rng.normal();
  const norm = Math.hypot(...direction);
  for (let j = 0; j < dim; j++) direction[j]! /= norm;
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    const trigger = c === 0 && rng.next() < 2 * rate;
    poisoned[i] = trigger ? 1 : 0;
    codes[i] = trigger ? 1 : c;
    for (let j = 0; j < dim; j++) x[i * dim + j] = (c === 0 ? -1 : 1) * (j === 0 ? 2 : 0) + rng.normal() + (trigger ? 6 * direction[j]! : 0);
  }
  return { x: { rows, cols: dim, data: x }, labels: { codes, classes: 2 }, poisoned };
}

/** Area under the ROC curve of `suspicion` (higher = more suspicious) for the planted mask, ties counted half. */
export function auroc(suspicion: ArrayLike<number>, positive: Uint8Array): number {
  let pos = 0;
  let neg = 0;
  let wins = 0;
  for (let i = 0; i < positive.length; i++) {
    if (!positive[i]) continue;
    pos++;
    for (let j = 0; j < positive.length; j++) {
      if (positive[j]) continue;
      if (suspicion[i]! > suspicion[j]!) wins += 1;
      else if (suspicion[i] === suspicion[j]) wins += 0.5;
    }
  }
  for (let j = 0; j < positive.length; j++) if (!positive[j]) neg++;
  return pos === 0 || neg === 0 ? NaN : wins / (pos * neg);
}
