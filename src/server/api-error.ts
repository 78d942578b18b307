/**
 * The one error body of the HTTP API and the one table that decides the HTTP status of every
 * error code. Routes throw `AntidoteError`; the server's error handler turns it into
 * `{ error: { code, message, details? } }` with the status from {@link HTTP_STATUS_OF}.
 */
import { AntidoteError, ERROR_CODES, type ErrorCode } from '../core/errors.js';

/** Codes only the HTTP edge raises, beside the library's {@link ERROR_CODES}. */
export const HTTP_ONLY_ERROR_CODES = ['payload_too_large', 'unsupported_media_type', 'rate_limited', 'route_not_found'] as const;

/** Every `error.code` an API response can carry. */
export type ApiErrorCode = ErrorCode | (typeof HTTP_ONLY_ERROR_CODES)[number];

/** Every {@link ApiErrorCode}, for the OpenAPI document and checks at run time. */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [...ERROR_CODES, ...HTTP_ONLY_ERROR_CODES];

/** The HTTP status of each error code: decided here and nowhere else. */
export const HTTP_STATUS_OF: Readonly<Record<ApiErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  integrity_violation: 422,
  rate_limited: 429,
  internal: 500,
  unsupported: 501,
};

/** The body of every error response. */
export interface ApiErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string; readonly details?: unknown };
}

/** An error the HTTP edge raises with one of its own codes (a library error keeps its `AntidoteError`). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After` for `rate_limited`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The status, body and headers for any thrown value; unknown errors become `internal` without their text. */
export function errorResponse(e: unknown): { readonly status: number; readonly body: ApiErrorBody; readonly headers: Readonly<Record<string, string>> } {
  if (e instanceof ApiError) {
    return { status: HTTP_STATUS_OF[e.code], body: errorBody(e.code, e.message, e.details), headers: e.headers };
  }
  if (e instanceof AntidoteError) {
    return { status: HTTP_STATUS_OF[e.code], body: errorBody(e.code, e.message, e.location), headers: {} };
  }
  const fromFastify = fastifyError(e);
  if (fromFastify) return { status: HTTP_STATUS_OF[fromFastify.code], body: errorBody(fromFastify.code, fromFastify.message, fromFastify.details), headers: {} };
  return { status: 500, body: errorBody('internal', 'internal error; the server log has the details'), headers: {} };
}

function errorBody(code: ApiErrorCode, message: string, details?: unknown): ApiErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

interface FastifyLikeError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
  readonly validation?: readonly { readonly instancePath?: string; readonly message?: string; readonly params?: unknown }[];
  readonly validationContext?: string;
}

/** Fastify's own errors (validation, body limits, content types, bad JSON) in the API's vocabulary. */
function fastifyError(e: unknown): { code: ApiErrorCode; message: string; details?: unknown } | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  const f = e as FastifyLikeError;
  if (f.validation) {
    const where = f.validationContext ?? 'body';
    const details = f.validation.map((v) => ({ path: `${where}${v.instancePath ?? ''}`, message: v.message ?? 'invalid', params: v.params }));
    const first = details[0];
    return { code: 'invalid_input', message: first ? `${first.path}: ${first.message}` : `invalid ${where}`, details };
  }
  if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'payload_too_large', message: f.message ?? 'request body too large' };
  if (f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { code: 'unsupported_media_type', message: f.message ?? 'unsupported content type' };
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    return { code: f.statusCode === 413 ? 'payload_too_large' : f.statusCode === 415 ? 'unsupported_media_type' : 'invalid_input', message: f.message ?? 'bad request' };
  }
  return undefined;
}
