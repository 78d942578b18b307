/**
 * Antidote's public library surface.
 *
 * @example
 * import { ksTwoSample } from 'antidote';
 * const { statistic, pValue } = ksTwoSample(reference, batch);
 */
export * from './core/index.js';
