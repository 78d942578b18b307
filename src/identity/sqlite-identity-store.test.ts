import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { identityStoreContract } from '../../test/contracts/identity-store-contract.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';

const dir = mkdtempSync(join(tmpdir(), 'antidote-identity-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
let lastPath = '';

identityStoreContract({
  name: 'sqlite (file, WAL)',
  create: async () => {
    lastPath = join(dir, `identity-${++count}.db`);
    const store = new SqliteIdentityStore({ path: lastPath });
    await store.migrate();
    return store;
  },
  filesAtRest: async () => [lastPath, `${lastPath}-wal`, `${lastPath}-shm`].filter((f) => existsSync(f)),
});

identityStoreContract({
  name: 'sqlite (in memory)',
  create: async () => {
    const store = new SqliteIdentityStore({ path: ':memory:' });
    await store.migrate();
    return store;
  },
});
