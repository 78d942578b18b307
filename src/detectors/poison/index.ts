/**
 * Poison detectors for labelled data: flipped labels (confident learning, kNN label
 * disagreement, conflicting duplicates), backdoors (spectral signatures, activation clustering,
 * SPECTRE) and clean-label poisons (Deep k-NN), each a scikit-learn-style {@link Detector}, plus
 * the duplicate finder the report uses. {@link POISON_DETECTORS} lists them for the registry,
 * which is built from it elsewhere (an explicit value, not an import side effect).
 */
import type { DetectorFactory, DetectorInput, DetectorScoring } from '../../core/detector.js';
import { createActivationClustering, type ActivationClusteringOptions } from './activation-clustering.js';
import { createConfidentLearning, type ConfidentLearningOptions } from './confident-learning.js';
import { createDeepKnn, type DeepKnnOptions } from './deep-knn.js';
import { createDuplicateConflicts, type DuplicateConflictsOptions } from './duplicate-conflicts.js';
import { createKnnLabelDisagreement, type KnnLabelDisagreementOptions } from './knn-label-disagreement.js';
import { createSpectralSignatures, type SpectralSignaturesOptions } from './spectral-signatures.js';
import { createSpectre, type SpectreOptions } from './spectre.js';

export {
  ActivationClustering,
  createActivationClustering,
  type ActivationClusteringOptions,
  type ActivationClusteringParams,
  type ClassClusterAnalysis,
} from './activation-clustering.js';
export {
  ConfidentLearning,
  createConfidentLearning,
  type ConfidentLearningOptions,
  type ConfidentLearningParams,
  type SuggestedLabels,
} from './confident-learning.js';
export { calibrateConfidentJoint, computeConfidentJoint, confidentThresholds, type ConfidentJoint } from './confident-joint.js';
export { DEEP_KNN_K_RANGE, DeepKnn, createDeepKnn, deepKnnK, type DeepKnnOptions, type DeepKnnParams } from './deep-knn.js';
export {
  DuplicateConflicts,
  createDuplicateConflicts,
  type DuplicateConflict,
  type DuplicateConflictsOptions,
  type DuplicateConflictsParams,
} from './duplicate-conflicts.js';
export { DUPLICATE_KINDS, findDuplicates, type DuplicateGroup, type DuplicateKind, type DuplicateReport, type FindDuplicatesOptions } from './find-duplicates.js';
export { findLabelIssues, type FindLabelIssuesOptions, type LabelIssues } from './find-label-issues.js';
export {
  KnnLabelDisagreement,
  createKnnLabelDisagreement,
  type KnnLabelDisagreementOptions,
  type KnnLabelDisagreementParams,
} from './knn-label-disagreement.js';
export { NEIGHBOUR_METRICS, NEIGHBOUR_SEARCHES, type NeighbourMetric, type NeighbourSearch } from './nearest-neighbours.js';
export { SpectralSignatures, createSpectralSignatures, spectralSignatureScores, type SpectralSignatureScores, type SpectralSignaturesOptions } from './spectral-signatures.js';
export { Spectre, createSpectre, type SpectreOptions, type SpectreParams } from './spectre.js';

/** One registrable poison detector. */
export interface PoisonDetectorEntry {
  /** Registry name, equal to the detector's `name`. */
  readonly name: string;
  /** Builds it; every parameter is checked at run time (an unknown-typed value is rejected with `invalid_input`). */
  readonly factory: DetectorFactory;
  /** What it needs. */
  readonly requires: readonly DetectorInput[];
  /** One line for help and reports. */
  readonly description: string;
  /** How its scores become a suspicion (default `calibrated`). */
  readonly scoring?: DetectorScoring;
}

/** The poison detectors, in the order a report lists them. */
export const POISON_DETECTORS: readonly PoisonDetectorEntry[] = [
  {
    name: 'confident-learning',
    scoring: 'decides',
    factory: (options) => createConfidentLearning(options as ConfidentLearningOptions),
    requires: ['features', 'labels'],
    description: 'Confident learning (Northcutt et al. 2021): out-of-fold probabilities, confident joint, prune by noise rate; flags likely label errors and suggests the label.',
  },
  {
    name: 'knn-label',
    scoring: 'share',
    factory: (options) => createKnnLabelDisagreement(options as KnnLabelDisagreementOptions),
    requires: ['features', 'labels'],
    description: "Share of a row's k nearest neighbours that carry its label (low = likely flipped).",
  },
  {
    name: 'duplicate-labels',
    scoring: 'decides',
    factory: (options) => createDuplicateConflicts(options as DuplicateConflictsOptions),
    requires: ['features', 'labels'],
    description: 'Exact and near duplicates whose labels conflict; the minority label is the most suspicious.',
  },
  {
    name: 'spectral-signatures',
    factory: (options) => createSpectralSignatures(options as SpectralSignaturesOptions),
    requires: ['embeddings', 'labels'],
    description: "Spectral signatures (Tran et al. 2018): squared projection on the class's top singular vector, standardised per class.",
  },
  {
    name: 'activation-clustering',
    factory: (options) => createActivationClustering(options as ActivationClusteringOptions),
    requires: ['embeddings', 'labels'],
    description: 'Activation clustering (Chen et al. 2018): per-class PCA and 2-means; a small, well-separated cluster is a backdoor.',
  },
  {
    name: 'spectre',
    factory: (options) => createSpectre(options as SpectreOptions),
    requires: ['embeddings', 'labels'],
    description: 'SPECTRE (Hayase et al. 2021): robust whitening per class, then quantum entropy scores; for small poison fractions.',
  },
  {
    name: 'deep-knn',
    scoring: 'decides',
    factory: (options) => createDeepKnn(options as DeepKnnOptions),
    requires: ['embeddings', 'labels'],
    description: 'Deep k-NN (Peri et al. 2020): flags rows whose label is not the plurality of their k nearest neighbours in representation space.',
  },
];
