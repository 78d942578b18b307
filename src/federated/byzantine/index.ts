/**
 * Byzantine client behaviours for federated simulations, one file per attack citing its paper,
 * and their registry by name.
 */
export * from './a-little-is-enough.js';
export * from './backdoor-trigger.js';
export * from './byzantine-attacks.js';
export * from './byzantine-behaviour.js';
export * from './coordinate-moments.js';
export * from './gaussian-noise.js';
export * from './honest-behaviour.js';
export * from './inner-product-manipulation.js';
export * from './label-flip.js';
export * from './model-replacement.js';
export * from './sign-flip.js';
