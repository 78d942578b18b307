export * from './errors.js';
export * from './rng.js';
export * from './dataset.js';
export * from './matrix.js';
export * from './schema.js';
export * from './progress.js';
