/**
 * The unsupervised outlier detectors: k-means, DBSCAN, isolation forest, LOF, kNN distance and
 * robust Mahalanobis (MCD), all with scikit-learn's contract, plus the clustering, neighbour
 * search and robust covariance they are built on. {@link OUTLIER_DETECTORS} lists them for the
 * detector registry, which is built from it explicitly (no import side effects).
 */
import type { DetectorFactory, DetectorInput } from '../../core/detector.js';
import { createDbscan, type DbscanOptions } from './dbscan.js';
import { NEIGHBOUR_OPTION_KEYS, checkDetectorOptions } from './detector-options.js';
import { createIsolationForest, type IsolationForestOptions } from './isolation-forest.js';
import { createKMeansDetector, type KMeansDetectorOptions } from './k-means.js';
import { createKnnDistance, type KnnDistanceOptions } from './knn-distance.js';
import { createLocalOutlierFactor, type LocalOutlierFactorOptions } from './local-outlier-factor.js';
import { FEATURES_ONLY } from './outlier-detector-base.js';
import { createRobustMahalanobis, type RobustMahalanobisOptions } from './robust-mahalanobis.js';

export { APPROXIMATE_NEIGHBOURS_FROM, NEIGHBOUR_SEARCHES, nearestNeighbours, type NearestNeighbourOptions, type NeighbourSearch } from './nearest-neighbours.js';
export { EXACT_NEIGHBOURS_NATIVE_FROM, exactNeighbours, exactNeighboursReference, type ExactNeighbourBackend } from './exact-neighbours.js';
export { approximateNeighbours, type ApproximateNeighbourOptions } from './approximate-neighbours.js';
export { neighbourRecall, type NeighbourRecall } from './neighbour-recall.js';
export { NEIGHBOUR_METHODS, type NeighbourMethod, type Neighbours } from './neighbour-graph.js';
export { largestProducts, disposeLargestProducts, type LargestProducts } from './largest-products.js';
export { DEFAULT_CONTAMINATION, contaminationOffset, resolveContamination } from './contamination.js';
export { OutlierDetectorBase } from './outlier-detector-base.js';
export { NeighbourDetectorBase, type NeighbourDetectorOptions } from './neighbour-detector-base.js';
export { KMeansDetector, createKMeansDetector, kMeans, type KMeansDetectorOptions, type KMeansModel, type KMeansOptions, type KMeansResult } from './k-means.js';
export { Dbscan, createDbscan, type DbscanModel, type DbscanOptions } from './dbscan.js';
export { kDistanceKnee } from './k-distance-knee.js';
export { IsolationForest, averagePathLength, createIsolationForest, isolationScores, type IsolationForestModel, type IsolationForestOptions } from './isolation-forest.js';
export { LocalOutlierFactor, createLocalOutlierFactor, type LocalOutlierFactorOptions } from './local-outlier-factor.js';
export { KnnDistance, createKnnDistance, type KnnDistanceOptions } from './knn-distance.js';
export { RobustMahalanobis, createRobustMahalanobis, type RobustMahalanobisOptions } from './robust-mahalanobis.js';
export { mahalanobisSquared, minimumCovarianceDeterminant, type McdOptions, type McdResult } from './minimum-covariance-determinant.js';

/** One outlier detector as the registry lists it. */
export interface OutlierDetectorEntry {
  /** Registry name, equal to the detector's `name`. */
  readonly name: string;
  /** Builds the detector from untyped options (unknown keys and non-numeric values are rejected). */
  readonly factory: DetectorFactory;
  /** What it needs: features only. */
  readonly requires: readonly DetectorInput[];
  /** One line for help texts and reports. */
  readonly description: string;
}

/**
 * The outlier detectors, in the order reports list them.
 *
 * @example
 * const entry = OUTLIER_DETECTORS.find((e) => e.name === 'lof')!;
 * const lof = entry.factory({ rng: createRng(1), contamination: 0.05, nNeighbors: 30 });
 */
export const OUTLIER_DETECTORS: readonly OutlierDetectorEntry[] = Object.freeze([
  {
    name: 'isolation-forest',
    factory: (o) => createIsolationForest(checkDetectorOptions<IsolationForestOptions>('isolation-forest', o, ['nEstimators', 'maxSamples'])),
    requires: FEATURES_ONLY,
    description: 'Isolation forest (Liu et al. 2008): rows isolated by few random splits are anomalous.',
  },
  {
    name: 'lof',
    factory: (o) => createLocalOutlierFactor(checkDetectorOptions<LocalOutlierFactorOptions>('lof', o, ['nNeighbors', 'recallSample'], NEIGHBOUR_OPTION_KEYS)),
    requires: FEATURES_ONLY,
    description: 'Local outlier factor (Breunig et al. 2000): rows much sparser than their 20 nearest neighbours.',
  },
  {
    name: 'knn',
    factory: (o) => createKnnDistance(checkDetectorOptions<KnnDistanceOptions>('knn', o, ['k', 'recallSample'], NEIGHBOUR_OPTION_KEYS)),
    requires: FEATURES_ONLY,
    description: 'Distance to the k-th nearest neighbour (Ramaswamy et al. 2000).',
  },
  {
    name: 'kmeans',
    factory: (o) => createKMeansDetector(checkDetectorOptions<KMeansDetectorOptions>('kmeans', o, ['k', 'minClusterFraction', 'maxIter', 'tol'])),
    requires: FEATURES_ONLY,
    description: 'k-means: standardised distance to the own centroid; small clusters far from the large ones are suspicious.',
  },
  {
    name: 'dbscan',
    factory: (o) => createDbscan(checkDetectorOptions<DbscanOptions>('dbscan', o, ['eps', 'minSamples', 'recallSample'], NEIGHBOUR_OPTION_KEYS)),
    requires: FEATURES_ONLY,
    description: 'DBSCAN (Ester et al. 1996) noise rows, eps from the k-distance knee.',
  },
  {
    name: 'robust-mahalanobis',
    factory: (o) => createRobustMahalanobis(checkDetectorOptions<RobustMahalanobisOptions>('robust-mahalanobis', o, ['supportFraction'])),
    requires: FEATURES_ONLY,
    description: 'Mahalanobis distance from the minimum covariance determinant estimate (FastMCD, Rousseeuw & Van Driessen 1999).',
  },
]);
