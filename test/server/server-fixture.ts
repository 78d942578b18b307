// Shared setup of the server tests: a fresh data folder, a server with cheap password hashing, and
// helpers to make users with one role and to call the API in-process (fastify inject).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMasterKey } from '../../src/crypto/master-key.js';
import type { Role } from '../../src/identity/roles.js';
import { createServer, type AntidoteServer } from '../../src/server/create-server.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VERIFIED_CSV = readFileSync(join(ROOT, 'examples', 'breast-cancer', 'verified.csv'));
export const BATCH_CSV = readFileSync(join(ROOT, 'examples', 'breast-cancer', 'batch.csv'));
export const FAST_ARGON2 = { memoryKiB: 1024, timeCost: 1, parallelism: 1 } as const;
export const PASSWORD = 'a long enough test passphrase';

/** A server on a fresh data folder; `cleanup` closes it and removes the folder. */
export async function startTestServer(): Promise<{ server: AntidoteServer; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'antidote-server-'));
  const server = await createServer({ dataDir, tls: 'self-signed', port: 0, argon2: FAST_ARGON2, masterKey: generateMasterKey() });
  return {
    server,
    dataDir,
    cleanup: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in and returns the session token. */
export async function login(server: AntidoteServer, username: string, password: string): Promise<string> {
  const r = await server.app.inject({ method: 'POST', url: '/v1/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
  return (r.json() as { token: string }).token;
}

/** The first admin with its password changed, logged in. */
export async function adminSession(server: AntidoteServer): Promise<string> {
  if (!server.firstAdmin.created) throw new Error('no first admin');
  const first = await login(server, 'admin', server.firstAdmin.secret);
  const r = await server.app.inject({ method: 'POST', url: '/v1/me/password', headers: { authorization: `Bearer ${first}` }, payload: { currentPassword: server.firstAdmin.secret, newPassword: PASSWORD } });
  if (r.statusCode !== 200) throw new Error(`password change: ${r.body}`);
  return login(server, 'admin', PASSWORD);
}

/** Creates `username` holding `role` in `project` (directly through the identity service) and logs in. */
export async function userWithRole(server: AntidoteServer, username: string, role: Role, project: string): Promise<string> {
  await server.identity.createUser({ username, password: PASSWORD });
  await server.identity.grantRole({ username, project, role });
  return login(server, username, PASSWORD);
}

/** Authorization header for a token. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
