// The identity-store contract on a real PostgreSQL: ANTIDOTE_TEST_POSTGRES_URL when set, otherwise a
// throwaway cluster started here (facts.md, "Real services") and stopped afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { identityStoreContract } from '../../test/contracts/identity-store-contract.js';
import { PostgresIdentityStore } from './postgres-identity-store.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const envUrl = process.env['ANTIDOTE_TEST_POSTGRES_URL'];
const isRoot = process.getuid?.() === 0;
const skip =
  envUrl !== undefined
    ? undefined
    : !existsSync(join(PG_BIN, 'initdb'))
      ? `no ANTIDOTE_TEST_POSTGRES_URL and no PostgreSQL 15 binaries in ${PG_BIN}`
      : !isRoot
        ? 'no ANTIDOTE_TEST_POSTGRES_URL, and starting a throwaway cluster needs root (to run initdb as postgres)'
        : undefined;

let url = envUrl ?? '';
let dataDir: string | undefined;
let root: string | undefined;
const schemas: string[] = [];

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}..${from + 49}`);
}

const asPostgres = (command: string): void => {
  execFileSync('su', ['postgres', '-c', command], { stdio: 'pipe' });
};

beforeAll(async () => {
  if (skip !== undefined || envUrl !== undefined) return;
  root = mkdtempSync(join(tmpdir(), 'antidote-identity-pg-'));
  dataDir = join(root, 'data');
  const sock = join(root, 'sock');
  execFileSync('chmod', ['755', root]);
  execFileSync('install', ['-d', '-o', 'postgres', '-g', 'postgres', dataDir, sock]);
  const port = await freePort(5441);
  asPostgres(`${PG_BIN}/initdb -D ${dataDir} -A trust -U postgres --no-sync`);
  asPostgres(
    `${PG_BIN}/pg_ctl -D ${dataDir} -l ${dataDir}/server.log -o '-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off' -w start`,
  );
  url = `postgres://postgres@127.0.0.1:${port}/postgres`;
}, 120_000);

afterAll(async () => {
  if (skip !== undefined) return;
  if (envUrl !== undefined) {
    const client = new pg.Client({ connectionString: envUrl });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await client.end();
    return;
  }
  if (dataDir) asPostgres(`${PG_BIN}/pg_ctl -D ${dataDir} -m immediate -w stop`);
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

identityStoreContract({
  name: `postgresql${envUrl ? ' (ANTIDOTE_TEST_POSTGRES_URL)' : ' (throwaway cluster)'}`,
  ...(skip === undefined ? {} : { skip }),
  create: async () => {
    const schema = `identity_test_${process.pid}_${schemas.length + 1}`;
    schemas.push(schema);
    const store = new PostgresIdentityStore({ connectionString: url, schema });
    await store.migrate();
    return store;
  },
  // Only for a cluster of our own: its whole data directory, after a checkpoint has written every page.
  ...(envUrl === undefined
    ? {
        filesAtRest: async () => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query('CHECKPOINT');
          await client.end();
          return filesUnder(dataDir!).filter((f) => !f.endsWith('server.log'));
        },
      }
    : {}),
});
