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
export * from './data/index.js';
export * from './stats/index.js';
export * from './baseline/index.js';
export * from './drift/index.js';
export * from './detectors/index.js';
export { SoftmaxRegression } from './models/softmax-regression.js';
export { extractEmbeddings } from './models/onnx-embeddings.js';
export * from './attacks/index.js';
export * from './identity/index.js';
export * from './federated/index.js';
export * from './workflows/index.js';
export { renderScanReportHtml } from './report/scan-report-html.js';
