/**
 * Antidote's public library surface.
 *
 * @example
 * import { ksTwoSample, makeBaseline, scanBatch } from 'antidote';
 * const { statistic, pValue } = ksTwoSample(reference, batch);
 * const report = await scanBatch('batch.csv', { baselinePath: 'baseline.json' });
 */
export * from './core/index.js';
export * from './kernels/index.js';
export * from './crypto/index.js';
export * from './storage/index.js';
export * from './data/index.js';
export * from './stats/index.js';
export * from './baseline/index.js';
export * from './drift/index.js';
export * from './detectors/index.js';
export { SoftmaxRegression } from './models/softmax-regression.js';
export { extractEmbeddings } from './models/onnx-embeddings.js';
export { Mlp, MLP_JSON_VERSION, type MlpOptions, type MlpConfig, type MlpEpoch, type MlpFitOptions, type MlpFitSummary, type MlpJson } from './models/mlp.js';
export { Adam, adamUpdate, adamSettings, type AdamOptions, type AdamSettings } from './models/adam.js';
export { mlpToOnnx, softmaxRegressionToOnnx, denseClassifierToOnnx, ONNX_EXPORT_INPUT, ONNX_EXPORT_OUTPUTS } from './models/onnx-export.js';
export { MODEL_JSON_FORMAT, MODEL_JSON_KINDS, type ModelJson, type ModelJsonKind } from './models/model-json.js';
export { SOFTMAX_REGRESSION_JSON_VERSION, type SoftmaxRegressionJson } from './models/softmax-regression.js';
export * from './attacks/index.js';
export * from './hardening/index.js';
export * from './identity/index.js';
export * from './federated/index.js';
export * from './workflows/index.js';
export * from './vault/index.js';
export * from './server/index.js';
export { renderScanReportHtml } from './report/scan-report-html.js';
export { renderEvaluationReportHtml } from './report/evaluation-report-html.js';
export { flSimulate, FL_RESULT_FILE, FL_RESULT_FORMAT, type FlResultFile, type FlSimulateOptions } from './workflows/fl-simulate.js';
export { renderFlReportHtml } from './report/fl-report-html.js';
