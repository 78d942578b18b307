/**
 * Federated simulation: data splits (IID, Dirichlet), a flat-parameter MLP with local SGD, and
 * the round loop that runs every aggregation rule against a Byzantine attack from one seed.
 */
export * from './dirichlet-partition.js';
export * from './dirichlet-sample.js';
export * from './fl-simulation.js';
export * from './fl-simulation-config.js';
export * from './flat-mlp.js';
export * from './iid-partition.js';
export * from './local-sgd.js';
export * from './model-evaluation.js';
export * from './seed-mix.js';
export * from './simulation-aggregators.js';
