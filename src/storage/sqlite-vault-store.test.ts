import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageDriverContract } from '../../test/contracts/storage-driver-contract.js';
import { SqliteVaultStore } from './sqlite-vault-store.js';

storageDriverContract({
  name: 'sqlite',
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'antidote-sqlite-'));
    const file = join(dir, 'vault.db');
    const store = SqliteVaultStore.open(file);
    const raw = new Database(file);
    return {
      store,
      exec: async (sql) => {
        raw.exec(sql);
      },
      close: async () => {
        raw.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
