import pg from 'pg';
import { afterAll } from 'vitest';
import { startThrowawayPostgres } from '../../test/contracts/postgres-service.js';
import { storageDriverContract } from '../../test/contracts/storage-driver-contract.js';
import { PostgresVaultStore } from './postgres-vault-store.js';

// A real PostgreSQL 15: ANTIDOTE_TEST_POSTGRES_URL, or a throwaway cluster started here. Skipped only when the binaries are missing.
const availability = await startThrowawayPostgres();
afterAll(async () => {
  if (availability.ok) await availability.service.stop();
});

storageDriverContract({
  name: 'postgres',
  ...(availability.ok ? {} : { skip: availability.reason }),
  open: async () => {
    if (!availability.ok) throw new Error(availability.reason);
    const url = await availability.service.createDatabase();
    const store = await PostgresVaultStore.open(url);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    return {
      store,
      exec: async (sql) => {
        await raw.query(sql);
      },
      close: async () => {
        await raw.end();
        await store.close();
      },
    };
  },
});
