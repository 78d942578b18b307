/**
 * A small typed client of the HTTPS API for scripts, training jobs and the CLI. It speaks only
 * HTTPS (node:https), trusts the system's CAs plus an optional pinned CA file (the server's
 * self-signed certificate), and verifies every snapshot it pulls against the signed manifest and
 * the vault's public key before returning a byte of it.
 */
import { request as httpsRequest, Agent } from 'node:https';
import { AntidoteError, ERROR_CODES, type ErrorCode } from '../../core/errors.js';
import { verifyContent, type SignedManifest } from '../../vault/dataset-manifest.js';
import type { BatchView, DatasetView, QuarantinedBatch } from '../ingest-pipeline.js';
import type { LedgerEntryRecord } from '../../storage/vault-records.js';

/** How to reach a server. */
export interface ClientOptions {
  /** `https://host:port`; plain `http://` is refused. */
  readonly baseUrl: string;
  /** A session token or an API token (`adt_…`). */
  readonly token?: string;
  /** PEM CA certificate(s) to trust besides the system's (e.g. the server's self-signed certificate). */
  readonly ca?: string | Buffer;
  /** Skip certificate verification (local testing only; the connection is still encrypted). */
  readonly insecure?: boolean;
  /** Client certificate and key for servers that require mutual TLS. */
  readonly clientCert?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The vault public key to verify snapshots with; fetched from the server when not pinned. */
  readonly vaultPublicKey?: string;
  /** Per-request timeout (default 5 minutes: uploads are scanned before the answer). */
  readonly timeoutMs?: number;
}

/** An error the server answered with, as an `AntidoteError` carrying the HTTP status. */
export class ApiResponseError extends AntidoteError {
  constructor(
    readonly status: number,
    readonly apiCode: string,
    message: string,
    readonly details?: unknown,
  ) {
    super((ERROR_CODES as readonly string[]).includes(apiCode) ? (apiCode as ErrorCode) : status === 413 || status === 415 ? 'invalid_input' : status === 429 ? 'unauthorized' : 'internal', `HTTP ${status} ${apiCode}: ${message}`);
    this.name = 'ApiResponseError';
  }
}

/** A verified snapshot pulled from the server. */
export interface PulledSnapshot {
  readonly root: string;
  readonly signed: SignedManifest;
  /** JSON Lines, exactly the bytes the manifest hashes (verified). */
  readonly bytes: Buffer;
  readonly columns: readonly string[] | null;
}

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * The typed API client.
 *
 * @example
 * const client = new AntidoteClient({ baseUrl: 'https://localhost:8443', token, ca: readFileSync('cert.pem') });
 * const batch = await client.pushBatch('clinic', 'tumours', readFileSync('batch.csv'));
 * const snap = await client.pullSnapshot('clinic', 'tumours', root); // verified before it returns
 */
export class AntidoteClient {
  private readonly base: URL;
  private readonly agent: Agent;
  private token: string | undefined;
  private readonly timeoutMs: number;
  private vaultPublicKey: string | undefined;

  constructor(options: ClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new AntidoteError('invalid_input', `server URL "${options.baseUrl}" is not a URL; expected https://host:port`);
    }
    if (base.protocol !== 'https:') throw new AntidoteError('invalid_input', `server URL "${options.baseUrl}" must use https:// (the API is served over TLS only)`);
    this.base = base;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 300_000;
    this.vaultPublicKey = options.vaultPublicKey;
    this.agent = new Agent({
      keepAlive: true,
      minVersion: 'TLSv1.2',
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.insecure ? { rejectUnauthorized: false } : {}),
      ...(options.clientCert ? { cert: options.clientCert.cert, key: options.clientCert.key } : {}),
    });
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private raw(method: string, path: string, body?: { readonly bytes: Buffer; readonly contentType: string }): Promise<RawResponse> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            accept: 'application/json, application/x-ndjson',
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...(body ? { 'content-type': body.contentType, 'content-length': String(body.bytes.length) } : {}),
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new AntidoteError('internal', `${method} ${url.pathname}: no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e) => reject(connectionError(e, url)));
      req.end(body?.bytes);
    });
  }

  private async call<T>(method: string, path: string, body?: unknown, csv?: Uint8Array): Promise<T> {
    const payload = csv !== undefined
      ? { bytes: Buffer.from(csv), contentType: 'text/csv' }
      : body !== undefined ? { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json' } : undefined;
    const r = await this.raw(method, path, payload);
    return parseJson<T>(r, method, path);
  }

  /** Logs in; the session token is used for the following calls and returned. */
  async login(username: string, password: string): Promise<{ readonly token: string; readonly expiresAtMs: number; readonly passwordChangeRequired: boolean }> {
    const r = await this.call<{ token: string; expiresAtMs: number; passwordChangeRequired: boolean }>('POST', '/v1/login', { username, password });
    this.token = r.token;
    return r;
  }

  /** Who the credential belongs to. */
  me(): Promise<{ readonly username: string; readonly method: string; readonly grants: readonly { project: string; role: string }[] }> {
    return this.call('GET', '/v1/me');
  }

  /** Changes one's own password. */
  changePassword(currentPassword: string, newPassword: string): Promise<{ readonly username: string }> {
    return this.call('POST', '/v1/me/password', { currentPassword, newPassword });
  }

  /** Creates a dataset. */
  createDataset(project: string, name: string, label: string | null): Promise<DatasetView> {
    return this.call('POST', `/v1/projects/${enc(project)}/datasets`, { name, label });
  }

  /** The datasets of a project. */
  async listDatasets(project: string): Promise<DatasetView[]> {
    return (await this.call<{ datasets: DatasetView[] }>('GET', `/v1/projects/${enc(project)}/datasets`)).datasets;
  }

  /** One dataset (its current snapshot root among others). */
  getDataset(project: string, dataset: string): Promise<DatasetView> {
    return this.call('GET', `/v1/projects/${enc(project)}/datasets/${enc(dataset)}`);
  }

  /** Uploads verified data as the dataset's baseline. */
  seedBaseline(project: string, dataset: string, csv: Uint8Array): Promise<DatasetView> {
    return this.call('POST', `/v1/projects/${enc(project)}/datasets/${enc(dataset)}/baseline`, undefined, csv);
  }

  /** Uploads a batch (CSV); resolves once it is scanned and split. */
  pushBatch(project: string, dataset: string, csv: Uint8Array): Promise<BatchView & { readonly report: { readonly verdict: string; readonly summary: { readonly reasons: readonly string[]; readonly flaggedRows: number } } }> {
    return this.call('POST', `/v1/projects/${enc(project)}/datasets/${enc(dataset)}/batches`, undefined, csv);
  }

  /** Every batch of a dataset. */
  async listBatches(project: string, dataset: string): Promise<BatchView[]> {
    return (await this.call<{ batches: BatchView[] }>('GET', `/v1/projects/${enc(project)}/datasets/${enc(dataset)}/batches`)).batches;
  }

  /** The batches waiting in quarantine, with their held rows. */
  async listQuarantine(project: string, dataset: string): Promise<QuarantinedBatch[]> {
    return (await this.call<{ batches: QuarantinedBatch[] }>('GET', `/v1/projects/${enc(project)}/datasets/${enc(dataset)}/quarantine`)).batches;
  }

  /** Releases (`release`) or rejects (`reject`) a quarantined batch. */
  decide(project: string, dataset: string, batch: string, decision: 'release' | 'reject', reason?: string): Promise<BatchView> {
    return this.call('POST', `/v1/projects/${enc(project)}/datasets/${enc(dataset)}/batches/${enc(batch)}/${decision}`, reason === undefined ? {} : { reason });
  }

  /** The vault's public key (pin it with `vaultPublicKey` to not trust the server for it). */
  async vaultKey(): Promise<{ readonly keyId: string; readonly publicKey: string }> {
    return this.call('GET', '/v1/vault/key');
  }

  /**
   * Pulls a verified snapshot and verifies it on read: the manifest's Ed25519 signature under the
   * vault key, every chunk's SHA-256, the Merkle root, and that the root is the one asked for.
   * Throws `integrity_violation` naming the first thing that does not hold.
   */
  async pullSnapshot(project: string, dataset: string, root: string): Promise<PulledSnapshot> {
    const base = `/v1/projects/${enc(project)}/datasets/${enc(dataset)}/snapshots/${enc(root)}`;
    const { signed, columns } = await this.call<{ signed: SignedManifest; columns: string[] | null }>('GET', `${base}/manifest`);
    const r = await this.raw('GET', base);
    if (r.status !== 200) parseJson(r, 'GET', base);
    this.vaultPublicKey ??= (await this.vaultKey()).publicKey;
    if (signed.manifest.root !== root) throw new AntidoteError('integrity_violation', `the server sent the manifest of ${signed.manifest.root}, not of ${root}`);
    verifyContent(signed, this.vaultPublicKey, r.body);
    return { root, signed, bytes: r.body, columns };
  }

  /** One page of the audit ledger. */
  ledger(options: { readonly project?: string; readonly from?: number; readonly limit?: number } = {}): Promise<{ readonly entries: readonly LedgerEntryRecord[]; readonly nextSeq: number | null }> {
    const q = new URLSearchParams();
    if (options.project !== undefined) q.set('project', options.project);
    if (options.from !== undefined) q.set('from', String(options.from));
    if (options.limit !== undefined) q.set('limit', String(options.limit));
    const s = q.toString();
    return this.call('GET', `/v1/ledger${s ? `?${s}` : ''}`);
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

function parseJson<T>(r: RawResponse, method: string, path: string): T {
  let body: unknown;
  try {
    body = r.body.length === 0 ? null : JSON.parse(r.body.toString('utf8'));
  } catch {
    throw new AntidoteError('internal', `${method} ${path}: HTTP ${r.status} with a body that is not JSON`);
  }
  if (r.status >= 400) {
    const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiResponseError(r.status, e?.code ?? 'unknown', e?.message ?? `${method} ${path} failed`, e?.details);
  }
  return body as T;
}

function connectionError(e: Error & { code?: string }, url: URL): AntidoteError {
  const tlsCodes = ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED'];
  if (e.code && tlsCodes.includes(e.code)) {
    return new AntidoteError('unauthorized', `cannot trust the certificate of ${url.host} (${e.code}): pass --ca with the server's certificate (DIR/tls/cert.pem for a self-signed one), or --insecure for local testing`);
  }
  if (e instanceof AntidoteError) return e;
  return new AntidoteError('not_found', `cannot reach ${url.origin}: ${e.code ?? e.message}`);
}
