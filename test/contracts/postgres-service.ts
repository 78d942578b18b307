// A throwaway PostgreSQL for tests: ANTIDOTE_TEST_POSTGRES_URL when set, else a cluster started by scripts/start-postgres.sh in a temp folder.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'start-postgres.sh');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A running PostgreSQL server that tests may create databases in. */
export interface PostgresService {
  /** The admin URL (database `postgres`). */
  readonly url: string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the cluster this helper started (nothing for an external URL). */
  stop(): Promise<void>;
}

/** A server, or the reason there is none (only: the PostgreSQL binaries are not installed). */
export type PostgresAvailability = { readonly ok: true; readonly service: PostgresService } | { readonly ok: false; readonly reason: string };

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

let counter = 0;

function serviceAt(url: string, stop: () => Promise<void>): PostgresService {
  return {
    url,
    async createDatabase() {
      const name = `antidote_t${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop,
  };
}

/**
 * Finds or starts a PostgreSQL server. Throws when the binaries exist but the server does not start
 * (a real failure, not a reason to skip).
 *
 * @example
 * const pgAvail = await startThrowawayPostgres();
 * if (pgAvail.ok) { const url = await pgAvail.service.createDatabase(); ... await pgAvail.service.stop(); }
 */
export async function startThrowawayPostgres(): Promise<PostgresAvailability> {
  const external = process.env.ANTIDOTE_TEST_POSTGRES_URL;
  if (external) return { ok: true, service: serviceAt(external, async () => undefined) };
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    return { ok: false, reason: `PostgreSQL binaries are not installed (no ${PG_BIN}/initdb; apt-get install -y postgresql) and ANTIDOTE_TEST_POSTGRES_URL is not set` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'antidote-pg-'));
  const port = await freePort();
  const { stdout } = await run('bash', [script, 'start', dir, String(port)], { timeout: 120_000 });
  const url = stdout.trim().split('\n').pop() ?? '';
  return {
    ok: true,
    service: serviceAt(url, async () => {
      await run('bash', [script, 'stop', dir], { timeout: 60_000 });
      rmSync(dir, { recursive: true, force: true });
    }),
  };
}
