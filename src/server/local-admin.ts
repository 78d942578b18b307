/**
 * The data folder opened by the local administration commands (`antidote user|token|grant`): the
 * identity store and the vault's ledger, with the same master key and session key resolution as
 * the server, and without the orphan sweep (a server may be committing in the same folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AntidoteError } from '../core/errors.js';
import { loadMasterKey, MASTER_KEY_ENV, type MasterKey } from '../crypto/master-key.js';
import { IdentityService } from '../identity/identity-service.js';
import type { IdentityStore } from '../identity/identity-store.js';
import { PostgresIdentityStore } from '../identity/postgres-identity-store.js';
import { SqliteIdentityStore } from '../identity/sqlite-identity-store.js';
import { Vault } from '../vault/vault.js';

/** An open data folder for local administration. */
export interface LocalAdmin {
  readonly identity: IdentityService;
  readonly vault: Vault;
  /** Records a local administrative action in the ledger (`origin: cli`). */
  record(action: string, target: string, details: Readonly<Record<string, unknown>>): Promise<void>;
  close(): Promise<void>;
}

/** Where the master key comes from when none is given: the environment, else `DIR/master.key`. */
export function localMasterKey(dataDir: string, keyFile?: string): MasterKey {
  if (keyFile !== undefined) return loadMasterKey({ keyFile });
  if ((process.env[MASTER_KEY_ENV] ?? '').trim() !== '') return loadMasterKey({ env: process.env });
  return loadMasterKey({ keyFile: join(dataDir, 'master.key') });
}

/**
 * Opens the identities and the ledger of a data folder a server created.
 *
 * @example
 * const admin = await openLocalAdmin('/srv/antidote');
 * await admin.identity.createUser({ username: 'bob', password });
 * await admin.record('user.create', 'bob', {});
 * await admin.close();
 */
export async function openLocalAdmin(dataDir: string, options: { readonly db?: string; readonly masterKeyFile?: string } = {}): Promise<LocalAdmin> {
  if (options.db === undefined && !existsSync(join(dataDir, 'identity.db'))) {
    throw new AntidoteError('not_found', `no Antidote server data in "${dataDir}": identity.db is missing (run antidote serve --data-dir ${dataDir} once first)`);
  }
  const vault = await Vault.open({ dataDir, masterKey: localMasterKey(dataDir, options.masterKeyFile), sweepOnOpen: false, ...(options.db ? { db: options.db } : {}) });
  let store: IdentityStore | undefined;
  try {
    store = options.db ? new PostgresIdentityStore({ connectionString: options.db }) : new SqliteIdentityStore({ path: join(dataDir, 'identity.db') });
    await store.migrate();
    const sessionFile = join(dataDir, 'session.key');
    // Local commands never issue sessions; the key only has to be well-formed.
    const sessionSecret = existsSync(sessionFile) ? Buffer.from(readFileSync(sessionFile, 'utf8').trim(), 'hex') : randomBytes(32);
    const identity = new IdentityService({ store, sessionSecret });
    const owned = store;
    const user = process.env['USER'] ?? 'local';
    return {
      identity,
      vault,
      async record(action, target, details) {
        await vault.recordEvent({ actor: `cli:${user}`.slice(0, 64), origin: 'cli', action, target, result: 'ok', details });
      },
      async close() {
        await owned.close();
        await vault.close();
      },
    };
  } catch (e) {
    await store?.close();
    await vault.close();
    throw e;
  }
}
