/**
 * The HTTPS API server: Fastify 5 over TLS 1.2+ (1.3 preferred by negotiation), optional mutual
 * TLS, the identity service for authentication and authorisation, the vault for storage and the
 * audit ledger, and the ingest pipeline for the use cases. Every request to `/v1/` is recorded in
 * the ledger (who, what, when, from where, result) before its response leaves.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AntidoteError } from '../core/errors.js';
import { loadMasterKey, loadOrCreateMasterKeyFile, MASTER_KEY_ENV, type MasterKey } from '../crypto/master-key.js';
import { authorize } from '../identity/authorize.js';
import type { FirstAdminResult } from '../identity/first-admin.js';
import { IdentityService } from '../identity/identity-service.js';
import type { IdentityStore } from '../identity/identity-store.js';
import type { Argon2Params } from '../identity/password-hash.js';
import { PostgresIdentityStore } from '../identity/postgres-identity-store.js';
import type { Principal } from '../identity/principal.js';
import { GLOBAL_PROJECT } from '../identity/roles.js';
import { SqliteIdentityStore } from '../identity/sqlite-identity-store.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { Vault } from '../vault/vault.js';
import { errorResponse } from './api-error.js';
import { docsPage } from './docs-page.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { openApiDocument } from './openapi-document.js';
import { ROUTES } from './route-table.js';
import { PATH_PARAMETERS, pathParameterNames, type RouteDeps, type RouteSpec } from './route-spec.js';
import { certificateFingerprint, ensureSelfSignedCertificate } from './self-signed-certificate.js';
import { sweepStaleScratchDirs } from './scratch-dir.js';

/** User-supplied certificate files, and optionally a CA whose client certificates are required (mutual TLS). */
export interface TlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
  /** When set, every client must present a certificate signed by this CA (machine clients). */
  readonly clientCaPath?: string;
}

/** Options of {@link createServer}. */
export interface ServerOptions {
  readonly dataDir: string;
  /** Certificate files, or `self-signed` to make (once) and use `DIR/tls/cert.pem`. */
  readonly tls: TlsFiles | 'self-signed';
  /** Port to listen on (default 8443; 0 picks a free one). */
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** `postgres://…` for metadata, ledger and identities in PostgreSQL (blobs stay in the data folder). */
  readonly db?: string;
  /** The master key; default `ANTIDOTE_MASTER_KEY`, else `DIR/master.key` (created on first start). */
  readonly masterKey?: MasterKey;
  /** Largest CSV upload (default 64 MiB). JSON bodies are limited to 1 MiB. */
  readonly maxUploadBytes?: number;
  /** Password hashing cost (tests lower it). */
  readonly argon2?: Argon2Params;
  /** Username of the first admin (default `admin`). */
  readonly adminUsername?: string;
  /** Chunk size of new vault versions. */
  readonly chunkSizeBytes?: number;
}

/** A built server: the Fastify app (use `inject` in tests), its parts, and how to start and stop it. */
export interface AntidoteServer {
  readonly app: FastifyInstance;
  readonly identity: IdentityService;
  readonly vault: Vault;
  readonly pipeline: IngestPipeline;
  /** The first start's admin and one-time password; `{ created: false }` on later starts. */
  readonly firstAdmin: FirstAdminResult;
  readonly certPath: string;
  /** SHA-256 fingerprint of the server certificate. */
  readonly fingerprint: string;
  /** Where the master key came from (never the key). */
  readonly masterKeySource: string;
  /** Starts listening; resolves to the `https://host:port` URL. */
  listen(): Promise<string>;
  /** Stops listening and closes the stores. */
  close(): Promise<void>;
}

const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Opens the data folder (vault, identities, keys, certificate), creates the first admin on first
 * start, and builds the HTTPS app with every route of the table.
 *
 * @example
 * const server = await createServer({ dataDir: '/srv/antidote', tls: 'self-signed', port: 8443 });
 * if (server.firstAdmin.created) console.log(`admin password (shown once): ${server.firstAdmin.secret}`);
 * console.log(`listening on ${await server.listen()}`);
 */
export async function createServer(options: ServerOptions): Promise<AntidoteServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const { masterKey, source: masterKeySource } = resolveMasterKey(options);
  const tls = options.tls === 'self-signed' ? ensureSelfSignedCertificate(options.dataDir) : options.tls;
  // A server killed in the middle of a scan leaves its plaintext scratch folder behind: remove those first.
  sweepStaleScratchDirs();
  const vault = await Vault.open({ dataDir: options.dataDir, masterKey, ...(options.db ? { db: options.db } : {}), ...(options.chunkSizeBytes ? { chunkSizeBytes: options.chunkSizeBytes } : {}) });
  let store: IdentityStore | undefined;
  try {
    store = options.db ? new PostgresIdentityStore({ connectionString: options.db }) : new SqliteIdentityStore({ path: join(options.dataDir, 'identity.db') });
    await store.migrate();
    const identity = new IdentityService({ store, sessionSecret: loadOrCreateSessionSecret(options.dataDir), ...(options.argon2 ? { argon2: options.argon2 } : {}) });
    const firstAdmin = await identity.ensureFirstAdmin(options.adminUsername);
    if (firstAdmin.created) {
      await vault.recordEvent({ actor: 'system', origin: 'local', action: 'identity.first_admin', target: firstAdmin.username, result: 'ok', details: { username: firstAdmin.username } });
    }
    const pipeline = await IngestPipeline.open(vault);
    const deps: RouteDeps = { identity, vault, pipeline };
    const app = buildApp(deps, tls, options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
    const identityStore = store;
    return {
      app,
      identity,
      vault,
      pipeline,
      firstAdmin,
      certPath: tls.certPath,
      fingerprint: certificateFingerprint(tls.certPath),
      masterKeySource,
      async listen() {
        const address = await app.listen({ port: options.port ?? 8443, host: options.host ?? '127.0.0.1' });
        const url = new URL(address);
        return `https://${url.hostname === '127.0.0.1' || url.hostname === '[::1]' ? 'localhost' : url.hostname}:${url.port}`;
      },
      async close() {
        await app.close();
        await identityStore.close();
        await vault.close();
      },
    };
  } catch (e) {
    await store?.close();
    await vault.close();
    throw e;
  }
}

function resolveMasterKey(options: ServerOptions): { masterKey: MasterKey; source: string } {
  if (options.masterKey) return { masterKey: options.masterKey, source: 'given by the caller' };
  if ((process.env[MASTER_KEY_ENV] ?? '').trim() !== '') return { masterKey: loadMasterKey({ env: process.env }), source: `environment variable ${MASTER_KEY_ENV}` };
  const file = join(options.dataDir, 'master.key');
  return { masterKey: loadOrCreateMasterKeyFile(file), source: `key file ${file}` };
}

/** The HMAC key of session tokens: 32 random bytes in `DIR/session.key` (mode 0600), outside the database. */
function loadOrCreateSessionSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'session.key');
  if (!existsSync(file)) writeFileAtomic(file, Buffer.from(`${randomBytes(32).toString('hex')}\n`), dataDir);
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new AntidoteError('invalid_input', `session key file "${file}" must hold 64 hex characters`);
  return Buffer.from(hex, 'hex');
}

const principals = new WeakMap<FastifyRequest, Principal>();

function buildApp(deps: RouteDeps, tls: TlsFiles, maxUploadBytes: number): FastifyInstance {
  const app = Fastify({
    https: {
      key: readFileSync(tls.keyPath),
      cert: readFileSync(tls.certPath),
      minVersion: 'TLSv1.2',
      ...(tls.clientCaPath ? { ca: readFileSync(tls.clientCaPath), requestCert: true, rejectUnauthorized: true } : {}),
    },
    bodyLimit: JSON_BODY_LIMIT,
    logger: false,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = errorResponse(error);
    if (status >= 500) request.log.error(error);
    void reply.code(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'route_not_found', message: `no route ${request.method} ${request.url.split('?')[0]}; see /docs` } });
  });

  // The audit record of every API request, written before the response leaves (so a client that
  // got an answer can find its entry in the ledger).
  app.addHook('onSend', async (request, reply, payload) => {
    const spec = (request.routeOptions.config as { spec?: RouteSpec } | undefined)?.spec;
    if (!spec || spec.operationId === 'login') return payload;
    const principal = principals.get(request);
    const status = reply.statusCode;
    const params = request.params as Record<string, string>;
    const project = params['project'] ?? (request.query as Record<string, unknown>)['project'];
    await deps.vault.recordEvent({
      actor: principal?.username ?? 'anonymous',
      origin: request.ip,
      action: `api.${spec.operationId}`,
      target: request.url.split('?')[0]!.slice(0, 512),
      result: status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'failed',
      details: {
        method: request.method,
        status,
        ...(typeof project === 'string' ? { project } : {}),
        ...(principal?.tokenId ? { tokenId: principal.tokenId } : {}),
        ...(status >= 400 ? { error: errorCodeOf(payload) } : {}),
      },
    });
    return payload;
  });

  const doc = openApiDocument(ROUTES, packageVersion());
  app.get('/docs/openapi.json', async () => doc);
  app.get('/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(docsPage(doc)));
  app.get('/', async (_req, reply) => reply.redirect('/docs'));

  for (const spec of ROUTES) registerRoute(app, spec, deps, maxUploadBytes);
  return app;
}

function registerRoute(app: FastifyInstance, spec: RouteSpec, deps: RouteDeps, maxUploadBytes: number): void {
  const names = pathParameterNames(spec.url);
  const params = names.length === 0 ? undefined : { type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, PATH_PARAMETERS[n] ?? { type: 'string' }])) };
  app.route({
    method: spec.method,
    url: spec.url,
    config: { spec },
    ...(spec.bodyKind === 'csv' ? { bodyLimit: maxUploadBytes } : {}),
    schema: {
      ...(params ? { params } : {}),
      ...(spec.querySchema ? { querystring: spec.querySchema } : {}),
      ...(spec.bodyKind === 'json' && spec.bodySchema ? { body: spec.bodySchema } : {}),
    },
    // Authentication and authorisation run before the body is even read: a stranger's upload costs nothing.
    onRequest: async (request) => {
      if (spec.access.kind === 'public') return;
      const principal = await authenticate(request, deps);
      principals.set(request, principal);
      if (principal.passwordChangeRequired && !spec.allowedBeforePasswordChange) {
        throw new AntidoteError('forbidden', `user "${principal.username}" must change the generated password first: POST /v1/me/password`);
      }
      if (spec.sessionOnly && principal.method === 'token') {
        throw new AntidoteError('forbidden', `${spec.method} ${spec.url} is refused to API tokens (token ${principal.tokenId}); log in with the password`);
      }
      if (spec.access.kind === 'action') {
        const p = request.params as Record<string, string>;
        const q = request.query as Record<string, unknown>;
        const project = spec.access.project === 'param' ? p['project']! : spec.access.project === 'query' && typeof q['project'] === 'string' ? q['project'] : GLOBAL_PROJECT;
        const decision = authorize(principal, project, spec.access.action);
        if (!decision.ok) throw decision.error;
      }
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const out = await spec.handler(
        {
          principal: principals.get(request) ?? null,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, string | number | undefined>,
          body: request.body,
          origin: request.ip,
        },
        deps,
      );
      void reply.code(out.status ?? spec.successStatus ?? 200);
      if (out.headers) void reply.headers(out.headers);
      if ('bytes' in out) return reply.type(out.contentType).send(out.bytes);
      return reply.send(out.json);
    },
  });
}

async function authenticate(request: FastifyRequest, deps: RouteDeps): Promise<Principal> {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') {
    throw new AntidoteError('unauthorized', 'no credentials: send Authorization: Bearer <session or API token>');
  }
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(header.trim());
  if (!match) throw new AntidoteError('unauthorized', 'the Authorization header must be "Bearer <token>"');
  try {
    return await deps.identity.authenticateBearer(match[1]!);
  } catch (e) {
    if (e instanceof AntidoteError) throw new AntidoteError('unauthorized', e.code === 'unauthorized' ? e.message : 'invalid credentials');
    throw e;
  }
}

function errorCodeOf(payload: unknown): string {
  if (typeof payload !== 'string') return 'unknown';
  try {
    const body = JSON.parse(payload) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : 'unknown';
  } catch {
    return 'unknown';
  }
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

