export * from './chunking.js';
export * from './dataset-manifest.js';
export * from './audit-ledger.js';
export * from './vault-layout.js';
export * from './vault.js';
export * from './verify-data-folder.js';
