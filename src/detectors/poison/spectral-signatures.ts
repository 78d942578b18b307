// Spectral signatures: Tran, Li & Madry, "Spectral Signatures in Backdoor Attacks" (NeurIPS 2018).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { centreColumns } from './column-centring.js';
import { checkContamination, contaminationOffset } from './contamination-offset.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures, gatherRows, membersByClass } from './poison-input.js';
import { robustLocationScale } from './robust-scale.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { topEigenvectors } from './top-eigenvectors.js';

/** One class's signature: its mean, top singular direction, and the robust location and scale of its scores. */
export interface SpectralClassModel {
  readonly mean: Float64Array;
  readonly direction: Float64Array;
  /** Median of the class's squared projections. */
  readonly median: number;
  /** 1.4826 x their median absolute deviation (a normal-consistent scale). */
  readonly scale: number;
}

/** Raw and per-class standardised outlier scores. */
export interface SpectralSignatureScores {
  /** Squared projection of each centred row on its class's top singular vector (0 for unlabelled rows). */
  readonly raw: Float64Array;
  /** (raw − class median) / class scale: comparable across classes; higher = more suspicious. */
  readonly standardized: Float64Array;
  /** The per-class models (undefined for classes with fewer than 2 rows). */
  readonly models: readonly (SpectralClassModel | undefined)[];
}

/**
 * Spectral signature scores per class: centre the class's rows, take the top right singular
 * vector v of the centred matrix (top eigenvector of its scatter XᵀX, see {@link topEigenvectors}),
 * score each row by ((x − μ) · v)², then standardise within the class by median and MAD so that
 * classes can be compared.
 *
 * @example
 * const { standardized } = await spectralSignatureScores(embeddings, labels, createRng(1));
 */
export async function spectralSignatureScores(x: Matrix, labels: Labels, rng: Rng): Promise<SpectralSignatureScores> {
  const members = membersByClass(labels.codes, labels.classes);
  const models: (SpectralClassModel | undefined)[] = [];
  const raw = new Float64Array(x.rows);
  const standardized = new Float64Array(x.rows);
  for (const rows of members) {
    if (rows.length < 2) {
      models.push(undefined);
      continue;
    }
    const m = gatherRows(x, rows);
    const mean = centreColumns(m);
    const { vectors } = await topEigenvectors(m, 1, rng);
    const proj = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) proj[r] = projectionSquared(m.data, r, vectors, 0, m.cols);
    const { median, scale } = robustLocationScale(proj);
    models.push({ mean, direction: vectors, median, scale });
    rows.forEach((i, r) => {
      raw[i] = proj[r]!;
      standardized[i] = (proj[r]! - median) / scale;
    });
  }
  return { raw, standardized, models };
}

/** (row r of `data` · v)², v at `offset` in `vectors`. */
function projectionSquared(data: ArrayLike<number>, r: number, vectors: Float64Array, offset: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += data[r * d + j]! * vectors[offset + j]!;
  return s * s;
}

/** Parameters of {@link SpectralSignatures} (none beyond the common options). */
export type SpectralSignaturesOptions = DetectorOptions;

interface SpectralState {
  readonly cols: number;
  readonly classes: number;
  readonly models: readonly (SpectralClassModel | undefined)[];
}

/**
 * Spectral signatures for backdoors: in each class, poisoned rows share a direction that carries
 * much of the class's variance, so they project far along its top singular vector. Score = minus
 * the per-class standardised squared projection (lower = more suspicious); the offset is the
 * contamination percentile of the fit scores (the paper removes the top 1.5ε of each class).
 *
 * Follows the paper, except that scores are standardised per class (median / MAD) so one offset
 * serves every class, and the singular vector comes from the scatter matrix (exact for width <= 64,
 * seeded subspace iteration above). New rows are scored against the fitted class means and
 * directions. Rows labelled -1, and classes with fewer than 2 rows, score 0.
 *
 * @example
 * const d = await createSpectralSignatures({ rng: createRng(1), contamination: 0.05 }).fit(embeddings, labels);
 */
export class SpectralSignatures extends ScoreOffsetDetector {
  readonly name = 'spectral-signatures';
  readonly requires: readonly DetectorInput[] = ['embeddings', 'labels'];
  /** Expected poison share (sets the offset). */
  readonly contamination: number;
  private readonly rng: Rng;
  private state: SpectralState | undefined;

  /** Stores and checks the options; `invalid_input` for a bad contamination or a missing rng. */
  constructor(options: SpectralSignaturesOptions) {
    super();
    this.rng = checkRng(options.rng, 'spectral-signatures');
    this.contamination = checkContamination(options.contamination, 'spectral-signatures');
  }

  /** Fits each class's mean, top singular direction and score scale, and sets the offset; `invalid_input` without labels or with bad values. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const l = checkLabels(labels, x.rows, this.name);
    const { standardized, models } = await spectralSignatureScores(x, l, this.rng);
    this.state = { cols: x.cols, classes: l.classes, models };
    this.offset = contaminationOffset(standardized.map((z) => -z), this.contamination);
    return this;
  }

  /** Minus the standardised squared projection of each row on its class's fitted direction. */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`spectral-signatures: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    const d = x.cols;
    const out = new Float64Array(x.rows);
    const row = new Float64Array(d);
    for (let i = 0; i < x.rows; i++) {
      const model = codes[i]! >= 0 ? s.models[codes[i]!] : undefined;
      if (!model) continue;
      for (let j = 0; j < d; j++) row[j] = x.data[i * d + j]! - model.mean[j]!;
      out[i] = -(projectionSquared(row, 0, model.direction, 0, d) - model.median) / model.scale;
    }
    return Promise.resolve(out);
  }
}

/**
 * Builds a {@link SpectralSignatures} (registry name `spectral-signatures`).
 *
 * @example
 * const detector = createSpectralSignatures({ rng: createRng(7) });
 */
export function createSpectralSignatures(options: SpectralSignaturesOptions): SpectralSignatures {
  return new SpectralSignatures(options);
}
