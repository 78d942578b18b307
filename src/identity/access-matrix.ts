/**
 * The access matrix as data: every action a request can perform, which roles may perform it, and
 * whether it is scoped to one project or to the whole system. `authorize` reads only this table,
 * `docs/access-matrix.md` is rendered from it, and a test walks every role against every action.
 */
import type { Role } from './roles.js';

/**
 * Every action the server can authorise. Names are `<object>.<verb>`; the HTTP routes map onto
 * them one to one or many to one.
 */
export const ACTIONS = [
  'project.create',
  'project.read',
  'user.manage',
  'grant.manage',
  'token.create',
  'token.manage',
  'dataset.create',
  'dataset.read',
  'policy.manage',
  'retention.manage',
  'batch.upload',
  'batch.read',
  'quarantine.read',
  'quarantine.review',
  'quarantine.release',
  'snapshot.read',
  'model.register',
  'model.read',
  'fl.round.create',
  'fl.round.join',
  'ledger.read',
  'ledger.export',
] as const;

/** One of {@link ACTIONS}. */
export type Action = (typeof ACTIONS)[number];

/**
 * Where an action applies. `project`: a grant on that project (or on every project, `*`) counts.
 * `system`: only a grant on every project (`*`) counts, because the action is not about one project.
 */
export type ActionScope = 'project' | 'system';

/** One row of the matrix. */
export interface AccessRule {
  readonly scope: ActionScope;
  /** The roles that may perform the action; every other role may not. */
  readonly roles: readonly Role[];
  /** What the action lets a user do, in one line. */
  readonly description: string;
}

/**
 * The access matrix. Admin is allowed everything; separation of duties between the other roles
 * follows issue 5: contributors upload, stewards review and release quarantined data, engineers
 * read verified snapshots and register models, auditors read the ledger only. The four-eyes rule
 * (nobody approves their own batch) is checked separately by `assertFourEyes`, because it depends
 * on who uploaded, not on a role.
 */
export const ACCESS_MATRIX: Readonly<Record<Action, AccessRule>> = {
  'project.create': { scope: 'system', roles: ['admin'], description: 'create a project' },
  'project.read': {
    scope: 'project',
    roles: ['admin', 'steward', 'contributor', 'engineer', 'auditor'],
    description: "see the project and one's own roles in it",
  },
  'user.manage': { scope: 'system', roles: ['admin'], description: 'create, list, disable and enable users; reset passwords' },
  'grant.manage': { scope: 'project', roles: ['admin'], description: 'grant and revoke roles in the project' },
  'token.create': {
    scope: 'project',
    roles: ['admin', 'steward', 'contributor', 'engineer', 'auditor'],
    description: 'create an API token for oneself, limited to a role one holds',
  },
  'token.manage': { scope: 'project', roles: ['admin'], description: "list and revoke other users' tokens" },
  'dataset.create': { scope: 'project', roles: ['admin', 'steward'], description: 'create a dataset in the project' },
  'dataset.read': {
    scope: 'project',
    roles: ['admin', 'steward', 'contributor', 'engineer'],
    description: 'list datasets and their versions (metadata, not rows)',
  },
  'policy.manage': { scope: 'project', roles: ['admin', 'steward'], description: "change the project's scan policy" },
  'retention.manage': { scope: 'project', roles: ['admin'], description: 'set retention periods and legal holds' },
  'batch.upload': { scope: 'project', roles: ['admin', 'contributor'], description: 'upload a batch for scanning' },
  'batch.read': {
    scope: 'project',
    roles: ['admin', 'steward', 'contributor'],
    description: "see batches and their scan reports",
  },
  'quarantine.read': { scope: 'project', roles: ['admin', 'steward'], description: 'read quarantined rows' },
  'quarantine.review': {
    scope: 'project',
    roles: ['admin', 'steward'],
    description: 'record a decision on quarantined rows (never on a batch one uploaded)',
  },
  'quarantine.release': {
    scope: 'project',
    roles: ['admin', 'steward'],
    description: 'release or reject quarantined rows into a snapshot (never for a batch one uploaded)',
  },
  'snapshot.read': { scope: 'project', roles: ['admin', 'steward', 'engineer'], description: 'fetch a verified snapshot by its root hash' },
  'model.register': { scope: 'project', roles: ['admin', 'engineer'], description: 'register a model trained on a snapshot' },
  'model.read': { scope: 'project', roles: ['admin', 'steward', 'engineer'], description: 'list registered models' },
  'fl.round.create': { scope: 'project', roles: ['admin', 'engineer'], description: 'start a federated-learning round' },
  'fl.round.join': { scope: 'project', roles: ['admin', 'contributor', 'engineer'], description: 'submit an update to a federated round' },
  'ledger.read': { scope: 'project', roles: ['admin', 'auditor'], description: 'read the audit ledger and verify it' },
  'ledger.export': { scope: 'project', roles: ['admin', 'auditor'], description: 'export signed ledger checkpoints' },
};

/** True when `role` may perform `action` according to {@link ACCESS_MATRIX}. */
export function roleAllows(role: Role, action: Action): boolean {
  return ACCESS_MATRIX[action].roles.includes(role);
}

/** True when `value` is one of {@link ACTIONS}. */
export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}
