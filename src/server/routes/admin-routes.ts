/** Users, role grants and API tokens over the API (the same operations as `antidote user|grant|token`). */
import { AntidoteError } from '../../core/errors.js';
import { authorize } from '../../identity/authorize.js';
import type { Role } from '../../identity/roles.js';
import type { RouteSpec } from '../route-spec.js';

const USERNAME = { type: 'string', minLength: 2, maxLength: 64 } as const;
const ROLE = { type: 'string', enum: ['admin', 'steward', 'contributor', 'engineer', 'auditor'] } as const;

/** The administration routes. */
export const ADMIN_ROUTES: readonly RouteSpec[] = [
  {
    operationId: 'listUsers',
    method: 'GET',
    url: '/v1/users',
    summary: 'Every user with their grants (never a password hash).',
    access: { kind: 'action', action: 'user.manage', project: 'global' },
    returns: '{ users: UserSummary[] }',
    async handler(_input, { identity }) {
      return { json: { users: await identity.listUsers() } };
    },
  },
  {
    operationId: 'createUser',
    method: 'POST',
    url: '/v1/users',
    summary: 'Create a user with a password that passes the policy.',
    access: { kind: 'action', action: 'user.manage', project: 'global' },
    bodyKind: 'json',
    bodySchema: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: USERNAME, password: { type: 'string', minLength: 1, maxLength: 1024 } } },
    successStatus: 201,
    returns: 'the UserSummary',
    async handler(input, { identity }) {
      const body = input.body as { username: string; password: string };
      return { status: 201, json: await identity.createUser(body) };
    },
  },
  {
    operationId: 'disableUser',
    method: 'POST',
    url: '/v1/users/:username/disable',
    summary: 'Disable a user: logins, sessions and tokens stop at once (never the last admin).',
    access: { kind: 'action', action: 'user.manage', project: 'global' },
    returns: 'the UserSummary',
    async handler(input, { identity }) {
      return { json: await identity.disableUser(input.params['username']!) };
    },
  },
  {
    operationId: 'enableUser',
    method: 'POST',
    url: '/v1/users/:username/enable',
    summary: 'Enable a user and lift a lockout.',
    access: { kind: 'action', action: 'user.manage', project: 'global' },
    returns: 'the UserSummary',
    async handler(input, { identity }) {
      return { json: await identity.enableUser(input.params['username']!) };
    },
  },
  {
    operationId: 'listGrants',
    method: 'GET',
    url: '/v1/projects/:project/grants',
    summary: 'The role grants in a project (`*`: grants on every project).',
    access: { kind: 'action', action: 'grant.manage', project: 'param' },
    returns: '{ grants: { username, project, role }[] }',
    async handler(input, { identity }) {
      return { json: { grants: await identity.listGrants({ project: input.params['project']! }) } };
    },
  },
  {
    operationId: 'grantRole',
    method: 'POST',
    url: '/v1/projects/:project/grants',
    summary: 'Grant a role in the project to a user (idempotent).',
    access: { kind: 'action', action: 'grant.manage', project: 'param' },
    bodyKind: 'json',
    bodySchema: { type: 'object', additionalProperties: false, required: ['username', 'role'], properties: { username: USERNAME, role: ROLE } },
    successStatus: 201,
    returns: '{ created, grant }',
    async handler(input, { identity }) {
      const body = input.body as { username: string; role: Role };
      const r = await identity.grantRole({ username: body.username, project: input.params['project']!, role: body.role, grantedBy: input.principal!.userId });
      return { status: r.created ? 201 : 200, json: r };
    },
  },
  {
    operationId: 'revokeRole',
    method: 'DELETE',
    url: '/v1/projects/:project/grants/:username/:role',
    summary: 'Revoke a role in the project (never the last admin on every project).',
    access: { kind: 'action', action: 'grant.manage', project: 'param' },
    returns: '{ revoked }',
    async handler(input, { identity }) {
      const revoked = await identity.revokeRole({ username: input.params['username']!, project: input.params['project']!, role: input.params['role'] as Role });
      if (!revoked) throw new AntidoteError('not_found', `user "${input.params['username']}" does not hold ${input.params['role']} in project "${input.params['project']}"`);
      return { json: { revoked } };
    },
  },
  {
    operationId: 'createToken',
    method: 'POST',
    url: '/v1/projects/:project/tokens',
    summary: 'Create an API token for oneself, limited to one role one holds in the project; the token is shown once.',
    access: { kind: 'action', action: 'token.create', project: 'param' },
    bodyKind: 'json',
    bodySchema: {
      type: 'object',
      additionalProperties: false,
      required: ['role', 'name'],
      properties: { role: ROLE, name: { type: 'string', minLength: 1, maxLength: 100 }, ttlMs: { type: 'integer', minimum: 60000 } },
    },
    successStatus: 201,
    returns: '{ token, summary }',
    sessionOnly: true,
    async handler(input, { identity }) {
      const p = input.principal!;
      const body = input.body as { role: Role; name: string; ttlMs?: number };
      return { status: 201, json: await identity.createToken({ username: p.username, project: input.params['project']!, role: body.role, name: body.name, ...(body.ttlMs !== undefined ? { ttlMs: body.ttlMs } : {}) }) };
    },
  },
  {
    operationId: 'listProjectTokens',
    method: 'GET',
    url: '/v1/projects/:project/tokens',
    summary: "Every user's API tokens in the project (`*`: all), without the secrets.",
    access: { kind: 'action', action: 'token.manage', project: 'param' },
    returns: '{ tokens: TokenSummary[] }',
    async handler(input, { identity }) {
      const project = input.params['project']!;
      const tokens = await identity.listTokens();
      return { json: { tokens: project === '*' ? tokens : tokens.filter((t) => t.project === project) } };
    },
  },
  {
    operationId: 'listOwnTokens',
    method: 'GET',
    url: '/v1/me/tokens',
    summary: "One's own API tokens, without the secrets.",
    access: { kind: 'authenticated' },
    returns: '{ tokens: TokenSummary[] }',
    async handler(input, { identity }) {
      return { json: { tokens: await identity.listTokens({ username: input.principal!.username }) } };
    },
  },
  {
    operationId: 'revokeToken',
    method: 'DELETE',
    url: '/v1/tokens/:tokenId',
    summary: "Revoke an API token: one's own, or any in a project one may manage tokens of.",
    access: { kind: 'authenticated' },
    returns: 'the TokenSummary (status revoked)',
    async handler(input, { identity }) {
      const p = input.principal!;
      const id = input.params['tokenId']!;
      const token = (await identity.listTokens()).find((t) => t.id === id);
      if (!token) throw new AntidoteError('not_found', `no API token ${id}`);
      if (token.username !== p.username) {
        const decision = authorize(p, token.project, 'token.manage');
        if (!decision.ok) throw decision.error;
      }
      return { json: await identity.revokeToken(id) };
    },
  },
];
