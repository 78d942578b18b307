/**
 * Secure aggregation: the masked protocol of Bonawitz et al. (2017) as client and server state
 * machines with JSON messages, CKKS homomorphic summation, both behind {@link SecureSum}, and secure
 * summation of random groups under a robust rule. The primitives under them (GF(2^127 − 1),
 * X25519, the mask PRG, the share channel) stay internal.
 */
export * from './ckks-secure-sum.js';
export * from './fixed-point.js';
export * from './grouped-secure-aggregate.js';
export * from './masked-secure-sum.js';
export * from './random-bytes.js';
export * from './run-secagg-round.js';
export * from './secagg-client.js';
export * from './secagg-config.js';
export * from './secagg-messages.js';
export * from './secagg-server.js';
export * from './secure-sum.js';
export { shamirCombine, shamirSplit, type ShamirShare } from './shamir.js';
