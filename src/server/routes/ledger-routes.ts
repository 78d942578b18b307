/** The audit ledger: entries, end-to-end verification, signed checkpoints. */
import type { RouteSpec } from '../route-spec.js';

const PROJECT_QUERY = { project: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } } as const;

/** The auditor's routes. Without `?project=` they need the role on every project (`*`). */
export const LEDGER_ROUTES: readonly RouteSpec[] = [
  {
    operationId: 'readLedger',
    method: 'GET',
    url: '/v1/ledger',
    summary: 'Audit ledger entries (who, what, when, from where, result) from `from`, at most `limit`; `project` keeps the entries about one project.',
    access: { kind: 'action', action: 'ledger.read', project: 'query' },
    querySchema: {
      type: 'object',
      additionalProperties: false,
      properties: { ...PROJECT_QUERY, from: { type: 'integer', minimum: 1, default: 1 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
    },
    returns: '{ entries: LedgerEntry[], nextSeq: number | null }',
    async handler(input, { pipeline }) {
      const project = typeof input.query['project'] === 'string' ? input.query['project'] : undefined;
      const page = await pipeline.ledger({ fromSeq: Number(input.query['from'] ?? 1), limit: Number(input.query['limit'] ?? 100), ...(project !== undefined ? { project } : {}) });
      return { json: page };
    },
  },
  {
    operationId: 'verifyLedger',
    method: 'GET',
    url: '/v1/ledger/verify',
    summary: 'Verify the whole hash chain and every signed checkpoint; lists what is wrong (empty when intact).',
    access: { kind: 'action', action: 'ledger.read', project: 'query' },
    querySchema: { type: 'object', additionalProperties: false, properties: PROJECT_QUERY },
    returns: '{ ok, head, problems: { seq, problem }[] }',
    async handler(_input, { vault }) {
      const problems = await vault.verifyLedger();
      return { json: { ok: problems.length === 0, head: await vault.store.ledgerHead(), problems } };
    },
  },
  {
    operationId: 'exportCheckpoints',
    method: 'GET',
    url: '/v1/ledger/checkpoints',
    summary: "Signed checkpoints of the ledger's head (a new one for the current head), with the public keys: keep a copy elsewhere.",
    access: { kind: 'action', action: 'ledger.export', project: 'query' },
    querySchema: { type: 'object', additionalProperties: false, properties: PROJECT_QUERY },
    returns: 'antidote.checkpoints/1 document',
    async handler(_input, { vault }) {
      await vault.checkpoint();
      return { json: await vault.exportCheckpoints() };
    },
  },
];
