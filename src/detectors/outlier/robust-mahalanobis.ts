/**
 * Robust Mahalanobis distance. Rousseeuw & Van Driessen (1999), "A Fast Algorithm for the Minimum
 * Covariance Determinant Estimator", Technometrics: distances measured from the minimum covariance
 * determinant estimate of location and scatter, which outliers cannot drag towards themselves
 * (the detector behind scikit-learn's EllipticEnvelope).
 */
import type { DetectorOptions } from '../../core/detector.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { mahalanobisSquared, minimumCovarianceDeterminant, type McdResult } from './minimum-covariance-determinant.js';
import { OutlierDetectorBase } from './outlier-detector-base.js';

/** Parameters of the robust Mahalanobis detector. */
export interface RobustMahalanobisOptions extends DetectorOptions {
  /** Share of rows in the raw MCD support, in (0, 1] (default (n + p + 1) / 2 rows). */
  readonly supportFraction?: number;
}

/**
 * Robust Mahalanobis detector: `scoreSamples` is −(Mahalanobis distance from the MCD location
 * under the MCD covariance). EllipticEnvelope scores the squared distance instead: the same order.
 */
export class RobustMahalanobis extends OutlierDetectorBase {
  readonly name = 'robust-mahalanobis';
  private readonly rng: Rng;
  private readonly supportFraction: number | undefined;
  private fitted: McdResult | undefined;

  /** @throws AntidoteError `invalid_input` for a bad contamination. */
  constructor(options: RobustMahalanobisOptions) {
    super(options.contamination);
    this.rng = options.rng;
    this.supportFraction = options.supportFraction;
  }

  /** The fitted MCD estimate, or undefined before fit. */
  get model(): McdResult | undefined {
    return this.fitted;
  }

  protected async learn(x: Matrix<Float32Array>): Promise<Float64Array> {
    this.fitted = await minimumCovarianceDeterminant(x, {
      rng: this.rng,
      ...(this.supportFraction !== undefined && { supportFraction: this.supportFraction }),
    });
    return this.fitted.distances.map((v) => -Math.sqrt(v));
  }

  protected async score(x: Matrix<Float32Array>): Promise<Float64Array> {
    const d2 = await mahalanobisSquared(x, this.fitted!.location, this.fitted!.covariance);
    return d2.map((v) => -Math.sqrt(v));
  }
}

/**
 * Builds a {@link RobustMahalanobis} detector (registry factory).
 *
 * @example
 * const detector = createRobustMahalanobis({ rng: createRng(1), contamination: 0.05 });
 */
export function createRobustMahalanobis(options: RobustMahalanobisOptions): RobustMahalanobis {
  return new RobustMahalanobis(options);
}
