import { join } from 'node:path';

/**
 * Where things live in a vault's data folder:
 *
 * ```
 * DIR/vault.json                 format, driver, signing key id and public key (no secrets)
 * DIR/vault.db (-wal, -shm)      SQLite metadata and ledger (absent with PostgreSQL)
 * DIR/blobs/ab/ab12…             encrypted chunks, named by the SHA-256 of their bytes
 * DIR/manifests/<root>.json      signed manifests, one per committed version
 * DIR/tmp/                       in-flight atomic writes
 * ```
 */
export const VAULT_FILE = 'vault.json';

/** The manifest file of version `root`. */
export function manifestPath(dataDir: string, root: string): string {
  return join(dataDir, 'manifests', `${root}.json`);
}

/** The folder of manifest files. */
export function manifestDir(dataDir: string): string {
  return join(dataDir, 'manifests');
}

/** The contents of `vault.json`. */
export interface VaultDescriptor {
  readonly format: 'antidote.vault/1';
  readonly driver: string;
  readonly signingKeyId: string;
  readonly publicKey: string;
  readonly createdAt: string;
}
