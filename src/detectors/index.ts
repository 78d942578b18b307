/** Poison and outlier detectors, their registry, and the calibration and combination of their scores. */
export * from './outlier/index.js';
export * from './poison/index.js';
// Both families have a neighbour search of their own (to be merged into kernels/): the outlier one is public.
export { NEIGHBOUR_SEARCHES, type NeighbourSearch } from './outlier/index.js';
export { createDetectorRegistry, type DetectorEntry, type DetectorRegistry } from './detector-registry.js';
export { detectorSuspicion, SHARE_FLAG_THRESHOLD } from './detector-suspicion.js';
export { calibrateSuspicion } from './suspicion-calibration.js';
export { combineSuspicion, isFlagged, detectorFlags, DEFAULT_FLAG_THRESHOLD, type CombineOptions, type DetectorOutcome } from './combine-suspicion.js';
export { gateByBaselineRate, flagCountsByClass, DEFAULT_EXCESS_ALPHA, type BaselineGate } from './baseline-rate-gate.js';
