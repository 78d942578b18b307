/** Baselines: the profile of a verified data set, its file format and content hash. */
export { buildBaseline, correlationProfile, featureSample, takeRows, type BuildBaselineOptions, type FeatureRows } from './build-baseline.js';
export { readBaseline, parseBaseline, serializeBaseline } from './baseline-file.js';
export { canonicalJson, contentHash } from './canonical-json.js';
export { profileNumeric, sortedFinite, binProportions, histogram, EXACT_PROFILE_MAX, SKETCH_INTERVALS, PSI_BINS } from './numeric-profile.js';
export { profileCategorical, categoryCounts } from './categorical-profile.js';
export { profileEmbedding, topEigenvalues } from './embedding-profile.js';
export { randomProjection } from './random-projection.js';
