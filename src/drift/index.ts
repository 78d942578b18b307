/** Drift tests of a batch against a baseline: per-column tests, whole-table tests, configuration. */
export { checkDrift, type CheckDriftOptions, type DriftCheck } from './check-drift.js';
export { createDriftTestRegistry, TABLE_TESTS, type DriftTestRegistry } from './drift-test-registry.js';
export { parseDriftConfig, type DriftConfig, type TestSettings } from './drift-config.js';
export { checkSchema } from './schema-check.js';
export { ksDrift } from './ks-drift.js';
export { psiDrift } from './psi-drift.js';
export { wassersteinDrift } from './wasserstein-drift.js';
export { chiSquareDrift } from './chi-square-drift.js';
export { jensenShannonDrift } from './jensen-shannon-drift.js';
export { embeddingMeanDrift } from './embedding-mean-drift.js';
export { measureCorrelationShift, CORRELATION_SAMPLE_ROWS, type CorrelationShiftOptions } from './correlation-drift.js';
export { measureMmd, type MmdDriftOptions } from './mmd-drift.js';
export { sketchCdf, sketchCdfLeft, ksDistanceToSketch } from './reference-cdf.js';
