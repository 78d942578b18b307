import type { Matrix } from './matrix.js';
import type { Rng } from './rng.js';

/**
 * What a poison or outlier detector needs to know about the data: kinds of evidence it uses.
 * `features`: any numeric representation; `labels`: it needs class labels; `embeddings`: it is
 * meant for learned representations (backdoor and clean-label detectors).
 */
export const DETECTOR_INPUTS = ['features', 'labels', 'embeddings'] as const;
export type DetectorInput = (typeof DETECTOR_INPUTS)[number];

/**
 * How a detector's scores become a suspicion in [0, 1]: `calibrated` by robust Gaussian scaling;
 * `share` when the score already is a share of agreeing neighbours (suspicion = 1 − share);
 * `decides` when the detector's own rule (its `predict`) is the verdict.
 */
export const DETECTOR_SCORINGS = ['calibrated', 'share', 'decides'] as const;
export type DetectorScoring = (typeof DETECTOR_SCORINGS)[number];

/** Labels as integer class codes 0..classes-1 (-1 = missing), with the class count. */
export interface Labels {
  readonly codes: Int32Array;
  readonly classes: number;
}

/**
 * A poison / outlier detector with scikit-learn's contract: the constructor stores parameters,
 * `fit` validates and learns, `scoreSamples` is higher for more normal rows, `decisionFunction`
 * is the score minus the fitted offset (negative = outlier), `predict` gives +1 (inlier) or -1.
 * Label-aware detectors take `labels` in every call; others ignore it.
 */
export interface Detector {
  /** Registry name (`isolation-forest`, `lof`, `confident-learning`, ...). */
  readonly name: string;
  /** What it needs: label-aware detectors throw `invalid_input` without labels. */
  readonly requires: readonly DetectorInput[];
  fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this>;
  scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array>;
  decisionFunction(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array>;
  predict(x: Matrix<Float32Array>, labels?: Labels): Promise<Int8Array>;
}

/** Options every detector factory accepts. */
export interface DetectorOptions {
  /** Seeded randomness (required: every result must be reproducible). */
  readonly rng: Rng;
  /** Expected share of outliers, used to set the decision offset (default 0.1, as scikit-learn's 'auto' is not defined for all). */
  readonly contamination?: number;
}

/** Builds a detector from its options (the registry's value type). */
export type DetectorFactory = (options: DetectorOptions & Readonly<Record<string, unknown>>) => Detector;
