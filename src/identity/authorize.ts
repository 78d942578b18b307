/**
 * The one authorisation decision: may this principal perform this action in this project?
 * Reads only the principal's grants and {@link ACCESS_MATRIX}; the server calls it on every
 * request after authentication, and maps a refusal to HTTP 403.
 */
import { AntidoteError, type Result } from '../core/errors.js';
import { ACCESS_MATRIX, ACTIONS, isAction, type Action } from './access-matrix.js';
import type { Principal, RoleGrant } from './principal.js';
import { GLOBAL_PROJECT } from './roles.js';

/**
 * Decides whether `principal` may perform `action` in `project`. A grant on `project` or on every
 * project (`*`) counts for project-scoped actions; only a grant on `*` counts for system-scoped
 * ones (`project.create`, `user.manage`), whatever `project` is passed.
 *
 * Returns the grant that allowed it, or a `forbidden` error that names the roles needed and the
 * roles the principal has there.
 *
 * @example
 * const decision = authorize(principal, 'fraud-model', 'quarantine.release');
 * if (!decision.ok) throw decision.error; // 403: needs role admin or steward in project "fraud-model"
 */
export function authorize(principal: Principal, project: string, action: Action): Result<RoleGrant> {
  if (!isAction(action)) {
    return { ok: false, error: new AntidoteError('invalid_input', `unknown action "${String(action)}"; available: ${ACTIONS.join(', ')}`) };
  }
  const rule = ACCESS_MATRIX[action];
  const counts = (g: RoleGrant): boolean =>
    g.project === GLOBAL_PROJECT || (rule.scope === 'project' && g.project === project);
  const applicable = principal.grants.filter(counts);
  const allowing = applicable.find((g) => rule.roles.includes(g.role));
  if (allowing) return { ok: true, value: allowing };

  const where = rule.scope === 'system' ? 'on every project (*)' : `in project "${project}"`;
  const held = applicable.length === 0 ? 'none' : [...new Set(applicable.map((g) => g.role))].join(', ');
  const via = principal.tokenId === undefined ? '' : ` through API token ${principal.tokenId}`;
  return {
    ok: false,
    error: new AntidoteError(
      'forbidden',
      `user "${principal.username}"${via} may not ${action}: needs role ${rule.roles.join(' or ')} ${where} (has: ${held})`,
    ),
  };
}

/**
 * {@link authorize} that throws the `forbidden` error instead of returning it.
 *
 * @example
 * assertAuthorized(principal, project, 'batch.upload');
 */
export function assertAuthorized(principal: Principal, project: string, action: Action): RoleGrant {
  const decision = authorize(principal, project, action);
  if (!decision.ok) throw decision.error;
  return decision.value;
}
