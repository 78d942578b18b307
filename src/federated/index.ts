/**
 * Federated learning defence: robust aggregation rules, client anomaly scores and reputation
 * (`aggregation/`), and differential privacy with its accountant (`privacy/`).
 */
export * from './aggregation/index.js';
export * from './privacy/index.js';
export * from './secure/index.js';
export * from './byzantine/index.js';
export * from './simulation/index.js';
