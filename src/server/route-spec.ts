/**
 * One HTTP route as data: method, path, who may call it (an action of the access matrix and where
 * its project comes from), the JSON schemas of its input, and its handler. The server registers
 * routes from this table, the OpenAPI document is generated from it, and the access-matrix test
 * walks it — so the three cannot disagree.
 */
import type { Action } from '../identity/access-matrix.js';
import type { IdentityService } from '../identity/identity-service.js';
import type { Principal } from '../identity/principal.js';
import type { Vault } from '../vault/vault.js';
import type { IngestPipeline } from './ingest-pipeline.js';

/** A JSON schema as Fastify's validator (Ajv) takes it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Who may call a route. `public`: anyone (login, docs). `authenticated`: any valid credential (the
 * handler may check more). Otherwise the matrix action, checked in the project named by the path
 * parameter `project`, by the query parameter `project` (and on every project, `*`, when it is
 * absent), or on every project (`global`).
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'action'; readonly action: Action; readonly project: 'param' | 'query' | 'global' };

/** What a handler gets. */
export interface RouteInput {
  /** Null only on public routes. */
  readonly principal: Principal | null;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | number | undefined>>;
  /** Parsed JSON for JSON routes, the raw bytes (Buffer) for CSV routes. */
  readonly body: unknown;
  /** The client address, as recorded in the ledger. */
  readonly origin: string;
}

/** What a handler returns: JSON (the default), or bytes with a content type. */
export type RouteOutput =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status?: number; readonly bytes: Buffer; readonly contentType: string; readonly headers?: Readonly<Record<string, string>> };

/** The server's parts a handler works with. */
export interface RouteDeps {
  readonly identity: IdentityService;
  readonly pipeline: IngestPipeline;
  readonly vault: Vault;
}

/** One route of the API. */
export interface RouteSpec {
  /** Unique, camelCase: the OpenAPI operationId and the ledger action `api.<operationId>`. */
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path syntax: `/v1/projects/:project/datasets`. */
  readonly url: string;
  readonly summary: string;
  readonly access: RouteAccess;
  /** `json` with `bodySchema`, `csv` for a `text/csv` upload, or none. */
  readonly bodyKind?: 'json' | 'csv';
  readonly bodySchema?: JsonSchema;
  readonly querySchema?: JsonSchema;
  /** The success status (default 200). */
  readonly successStatus?: number;
  /** A one-line description of the success response. */
  readonly returns: string;
  /** Refused (403) to API tokens: only a password login or its session may call it (default false). */
  readonly sessionOnly?: boolean;
  /** Still allowed while the account must change its generated password (default false). */
  readonly allowedBeforePasswordChange?: boolean;
  readonly handler: (input: RouteInput, deps: RouteDeps) => Promise<RouteOutput>;
}

/** The path parameters of every route, with the patterns they must match. */
export const PATH_PARAMETERS: Readonly<Record<string, JsonSchema>> = {
  project: { type: 'string', pattern: '^(\\*|[a-z0-9][a-z0-9._-]{0,63})$' },
  dataset: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' },
  batch: { type: 'string', pattern: '^bat_[A-Za-z0-9_-]{16}$' },
  root: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  username: { type: 'string', minLength: 1, maxLength: 64 },
  role: { type: 'string', enum: ['admin', 'steward', 'contributor', 'engineer', 'auditor'] },
  tokenId: { type: 'string', minLength: 1, maxLength: 64 },
};

/** The names of the `:params` in a Fastify path. */
export function pathParameterNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}
