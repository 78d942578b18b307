import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { invalidInput } from '../core/errors.js';
import { PostgresVaultStore } from './postgres-vault-store.js';
import { SqliteVaultStore } from './sqlite-vault-store.js';
import type { VaultStore } from './vault-store.js';

/** The SQLite file of a data folder when no `db` URL is given. */
export const SQLITE_FILE_NAME = 'vault.db';

/** Which metadata store to open: SQLite inside the data folder (the default), or PostgreSQL by URL. */
export interface VaultStoreOptions {
  readonly dataDir: string;
  /** `postgres://…` / `postgresql://…` for PostgreSQL; omitted for `dataDir/vault.db`. */
  readonly db?: string;
  /** Open without creating or writing anything (offline verification). */
  readonly readonly?: boolean;
}

/**
 * Opens the metadata store of a vault: the explicit driver choice, made once at start-up.
 *
 * @example
 * const store = await openVaultStore({ dataDir: '/srv/antidote' });
 * const pgStore = await openVaultStore({ dataDir: '/srv/antidote', db: 'postgres://postgres@127.0.0.1:5440/antidote' });
 */
export async function openVaultStore(options: VaultStoreOptions): Promise<VaultStore> {
  if (options.db === undefined || options.db === '') {
    if (!options.readonly) mkdirSync(options.dataDir, { recursive: true });
    return SqliteVaultStore.open(join(options.dataDir, SQLITE_FILE_NAME), { readonly: options.readonly ?? false });
  }
  if (/^postgres(ql)?:\/\//.test(options.db)) return PostgresVaultStore.open(options.db, { readonly: options.readonly ?? false });
  throw invalidInput(`unsupported database URL "${options.db.replace(/\/\/[^@/]*@/, '//…@')}"; use postgres://… for PostgreSQL, or omit it for SQLite in the data folder`);
}
