/** The use cases: make a baseline, check a batch for drift, scan a batch into a report. */
export { makeBaseline, type MakeBaselineOptions } from './make-baseline.js';
export { scanBatch, driftBatch, type ScanOptions, type DriftRun } from './scan-batch.js';
export { decideVerdict, type VerdictInput } from './verdict.js';
export { readInput, readDriftConfig, type DataInputOptions } from './read-inputs.js';
export { fileDigest } from './file-digest.js';
export { columnDistributions } from './column-distributions.js';
export { runDetectors, defaultDetectors, labelCodes, NEIGHBOUR_DEFAULT_MAX_ROWS, type DetectorRun, type RunDetectorsOptions } from './run-detectors.js';
export { parseDetectionPolicy, readDetectionPolicy, SANITIZE_ACTIONS, type DetectionPolicy, type DetectorSettings, type SanitizeAction } from './detection-policy.js';
export { sanitizeBatch, decideFates, parseScanReport, readScanReport, SANITIZE_FATES, DEFAULT_RELABEL_MIN_CONFIDENCE, type SanitizeFate, type RowFate, type SanitizeOptions, type SanitizeResult } from './sanitize-batch.js';
export { runAttack, POISON_MASK_FILE, ATTACK_MANIFEST_FILE, type AttackSpec, type RunAttackOptions, type RunAttackResult, type AttackManifestFile, type PatchSpec, type FeaturePatternSpec } from './run-attack.js';
export { evaluate, summarise, DEFAULT_LAB_MODEL, EVALUATION_FORMAT, type EvaluateOptions, type EvaluationCell, type EvaluationSummaryRow, type EvaluationResult, type EvaluationConfig } from './evaluate.js';
export { EVALUATION_ATTACKS, poisonTraining, attackSuccess, type EvaluationAttack, type PoisonedTraining } from './evaluate-attacks.js';
export { EVALUATION_HARDENINGS, parseDefence, type EvaluationDefence, type DefenceSettings } from './evaluate-defences.js';
export { EVALUATION_DATASETS, loadEvaluationData, type EvaluationData } from './evaluate-data.js';
export { studentTCdf, studentTQuantile, meanInterval, type MeanInterval } from './evaluate-statistics.js';
