/** Login, one's own account, and the vault's public key. */
import { AntidoteError } from '../../core/errors.js';
import { ApiError } from '../api-error.js';
import type { RouteSpec } from '../route-spec.js';

const MAX_SECRET = { type: 'string', minLength: 1, maxLength: 1024 } as const;

/** `POST /v1/login`, `GET /v1/me`, `POST /v1/me/password`, `GET /v1/vault/key`. */
export const AUTH_ROUTES: readonly RouteSpec[] = [
  {
    operationId: 'login',
    method: 'POST',
    url: '/v1/login',
    summary: 'Log in with a username and password; returns a short-lived session token (Bearer).',
    access: { kind: 'public' },
    bodyKind: 'json',
    bodySchema: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'password'],
      properties: { username: { type: 'string', minLength: 1, maxLength: 128 }, password: MAX_SECRET },
    },
    returns: '{ token, expiresAtMs, username, passwordChangeRequired }',
    allowedBeforePasswordChange: true,
    async handler(input, { identity, vault }) {
      const body = input.body as { username: string; password: string };
      const result = await identity.login({ username: body.username, password: body.password, ip: input.origin });
      await vault.recordEvent({
        actor: body.username.trim().toLowerCase().slice(0, 64),
        origin: input.origin,
        action: 'auth.login',
        target: body.username.trim().toLowerCase().slice(0, 64),
        result: result.ok ? 'ok' : 'denied',
        details: result.ok ? {} : { reason: result.reason },
      });
      if (!result.ok) {
        if (result.retryAfterMs !== null) {
          throw new ApiError('rate_limited', result.message, { reason: result.reason }, { 'retry-after': String(Math.ceil(result.retryAfterMs / 1000)) });
        }
        throw new AntidoteError('unauthorized', result.message);
      }
      return {
        json: {
          token: result.session.token,
          expiresAtMs: result.session.expiresAtMs,
          username: result.principal.username,
          passwordChangeRequired: result.principal.passwordChangeRequired,
        },
      };
    },
  },
  {
    operationId: 'getMe',
    method: 'GET',
    url: '/v1/me',
    summary: 'Who the credential belongs to, how it was proved, and the grants that count for it.',
    access: { kind: 'authenticated' },
    returns: '{ username, method, grants, tokenId?, passwordChangeRequired }',
    allowedBeforePasswordChange: true,
    async handler(input) {
      const p = input.principal!;
      return { json: { username: p.username, method: p.method, grants: p.grants, ...(p.tokenId ? { tokenId: p.tokenId } : {}), passwordChangeRequired: p.passwordChangeRequired } };
    },
  },
  {
    operationId: 'changeOwnPassword',
    method: 'POST',
    url: '/v1/me/password',
    summary: "Change one's own password (the current one is required); ends every older session.",
    access: { kind: 'authenticated' },
    bodyKind: 'json',
    bodySchema: {
      type: 'object',
      additionalProperties: false,
      required: ['currentPassword', 'newPassword'],
      properties: { currentPassword: MAX_SECRET, newPassword: MAX_SECRET },
    },
    returns: '{ username, passwordChangeRequired: false }',
    allowedBeforePasswordChange: true,
    sessionOnly: true,
    async handler(input, { identity }) {
      const p = input.principal!;
      const body = input.body as { currentPassword: string; newPassword: string };
      const check = await identity.login({ username: p.username, password: body.currentPassword, ip: input.origin });
      if (!check.ok) throw new AntidoteError('invalid_input', `the current password is wrong (${check.reason})`, { path: ['currentPassword'] });
      const user = await identity.setPassword(p.username, body.newPassword);
      return { json: { username: user.username, passwordChangeRequired: user.passwordChangeRequired } };
    },
  },
  {
    operationId: 'getVaultKey',
    method: 'GET',
    url: '/v1/vault/key',
    summary: "The vault's Ed25519 public key: what clients verify snapshot manifests and ledger checkpoints with.",
    access: { kind: 'authenticated' },
    returns: '{ keyId, publicKey }',
    async handler(_input, { vault }) {
      return { json: vault.signingKey };
    },
  },
];
