/** Client-level differential privacy for federated rounds: clipping, DP-FedAvg, adaptive clipping, and the RDP accountant. */
export * from './adaptive-clipping.js';
export * from './clip-to-norm.js';
export * from './dp-fed-avg.js';
export * from './rdp-accountant.js';
