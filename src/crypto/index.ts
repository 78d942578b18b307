export * from './sha256.js';
export * from './canonical-bytes.js';
export * from './hash-chain.js';
export * from './merkle-tree.js';
export * from './ed25519-signer.js';
export * from './master-key.js';
export * from './envelope-encryption.js';
