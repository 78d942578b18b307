/**
 * The OpenAPI 3.1 document of the API, generated from the route table (so it cannot drift from
 * what the server registers): paths, parameters with their patterns, request schemas, the one
 * error body, bearer security, and for each operation the access-matrix action and the roles
 * that may call it (`x-antidote-action`, `x-antidote-roles`).
 */
import { ACCESS_MATRIX } from '../identity/access-matrix.js';
import { API_ERROR_CODES, HTTP_STATUS_OF } from './api-error.js';
import { PATH_PARAMETERS, pathParameterNames, type RouteSpec } from './route-spec.js';

/** A generated OpenAPI document (plain JSON). */
export type OpenApiDocument = Readonly<Record<string, unknown>>;

/**
 * Builds the OpenAPI document of `routes`.
 *
 * @example
 * const doc = openApiDocument(ROUTES, '0.1.0'); // served at /docs/openapi.json
 */
export function openApiDocument(routes: readonly RouteSpec[], version: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Record<string, unknown>[] = pathParameterNames(r.url).map((name) => ({ name, in: 'path', required: true, schema: PATH_PARAMETERS[name] ?? { type: 'string' } }));
    const queryProps = (r.querySchema?.['properties'] ?? {}) as Record<string, unknown>;
    for (const [name, schema] of Object.entries(queryProps)) parameters.push({ name, in: 'query', required: false, schema });
    const errors = errorStatuses(r);
    const operation: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [tagOf(r)],
      parameters,
      responses: {
        [String(r.successStatus ?? 200)]: { description: r.returns, content: r.url.endsWith('/snapshots/:root') ? { 'application/x-ndjson': {} } : { 'application/json': {} } },
        ...Object.fromEntries(errors.map((s) => [String(s), { $ref: '#/components/responses/Error' }])),
      },
      ...(r.access.kind === 'public' ? { security: [] } : {}),
      ...(r.sessionOnly ? { 'x-antidote-session-only': true } : {}),
      ...(r.access.kind === 'action'
        ? { 'x-antidote-action': r.access.action, 'x-antidote-roles': ACCESS_MATRIX[r.access.action].roles, 'x-antidote-scope': r.access.project === 'param' ? 'project in the path' : r.access.project === 'query' ? 'project in ?project= (every project, *, without it)' : 'every project (*)' }
        : {}),
    };
    if (r.bodyKind === 'json') operation['requestBody'] = { required: r.method !== 'POST' || !r.url.endsWith('/release') && !r.url.endsWith('/reject'), content: { 'application/json': { schema: r.bodySchema ?? { type: 'object' } } } };
    if (r.bodyKind === 'csv') operation['requestBody'] = { required: true, content: { 'text/csv': { schema: { type: 'string' } } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Antidote API',
      version,
      description: 'Secured ingest pipeline: datasets, scanned batch uploads, quarantine review (four-eyes), verified snapshots, audit ledger. HTTPS only. Errors: { error: { code, message, details? } }.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /v1/login, or an API token (adt_…)' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: API_ERROR_CODES }, message: { type: 'string' }, details: {} } } },
        },
      },
      responses: { Error: { description: 'An error; the status follows from error.code', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
    'x-antidote-error-status': HTTP_STATUS_OF,
  };
}

function tagOf(r: RouteSpec): string {
  if (r.url.startsWith('/v1/ledger')) return 'ledger';
  if (r.url.includes('/grants') || r.url.includes('/users') || r.url.includes('/tokens')) return 'administration';
  if (r.url.startsWith('/v1/projects')) return 'pipeline';
  return 'session';
}

function errorStatuses(r: RouteSpec): number[] {
  const s = new Set<number>([400, 500]);
  if (r.access.kind !== 'public') s.add(401);
  if (r.access.kind === 'action' || r.operationId === 'revokeToken' || r.sessionOnly === true) s.add(403);
  if (pathParameterNames(r.url).length > 0) s.add(404);
  if (r.method !== 'GET') s.add(409);
  if (r.bodyKind === 'csv') [413, 415].forEach((x) => s.add(x));
  if (r.operationId === 'login') s.add(429);
  if (r.url.includes('/snapshots/')) s.add(422);
  return [...s].sort((a, b) => a - b);
}
