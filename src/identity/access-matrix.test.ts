import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { ACCESS_MATRIX, ACTIONS, roleAllows, type Action } from './access-matrix.js';
import { ACCESS_MATRIX_BEGIN, ACCESS_MATRIX_END, renderAccessMatrixMarkdown } from './access-matrix-markdown.js';
import { assertAuthorized, authorize } from './authorize.js';
import type { Principal, RoleGrant } from './principal.js';
import { GLOBAL_PROJECT, ROLES, type Role } from './roles.js';

const docPath = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'access-matrix.md');

const principal = (grants: RoleGrant[], tokenId?: string): Principal => ({
  userId: 'usr_x',
  username: 'x',
  method: tokenId ? 'token' : 'session',
  grants,
  passwordChangeRequired: false,
  ...(tokenId ? { tokenId } : {}),
});

describe('the access matrix, walked role by role and action by action', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const allowed = roleAllows(role, action);
      const system = ACCESS_MATRIX[action].scope === 'system';
      it(`${role} × ${action}: ${allowed ? 'allowed' : 'forbidden'}`, () => {
        // A grant on one project: counts for that project's actions only, never for system actions or other projects.
        const inProject = authorize(principal([{ project: 'fraud', role }]), 'fraud', action);
        expect(inProject.ok).toBe(allowed && !system);
        expect(authorize(principal([{ project: 'fraud', role }]), 'other', action).ok).toBe(false);
        // A grant on every project: counts everywhere, for both scopes.
        const everywhere = authorize(principal([{ project: GLOBAL_PROJECT, role }]), 'fraud', action);
        expect(everywhere.ok).toBe(allowed);
        if (everywhere.ok) expect(everywhere.value).toEqual({ project: GLOBAL_PROJECT, role });
        if (!inProject.ok) {
          expect(isAntidoteError(inProject.error, 'forbidden')).toBe(true);
          expect(inProject.error.message).toContain(`needs role ${ACCESS_MATRIX[action].roles.join(' or ')}`);
          expect(inProject.error.message).toContain(`may not ${action}`);
        }
      });
    }
  }

  it('gives admin every action and the auditor nothing but the ledger and its own view', () => {
    expect(ACTIONS.filter((a) => !roleAllows('admin', a))).toEqual([]);
    expect(ACTIONS.filter((a) => roleAllows('auditor', a))).toEqual(['project.read', 'token.create', 'ledger.read', 'ledger.export']);
  });

  it('separates duties: contributors upload but never release; stewards release but never upload; engineers read snapshots', () => {
    const can = (role: Role, action: Action) => roleAllows(role, action);
    expect([can('contributor', 'batch.upload'), can('contributor', 'quarantine.release'), can('contributor', 'snapshot.read')]).toEqual([true, false, false]);
    expect([can('steward', 'quarantine.release'), can('steward', 'batch.upload'), can('steward', 'ledger.read')]).toEqual([true, false, false]);
    expect([can('engineer', 'snapshot.read'), can('engineer', 'model.register'), can('engineer', 'quarantine.review')]).toEqual([true, true, false]);
  });

  it('names the roles needed, the place and the roles held when it refuses', () => {
    const r = authorize(principal([{ project: 'fraud', role: 'contributor' }]), 'fraud', 'quarantine.release');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe('user "x" may not quarantine.release: needs role admin or steward in project "fraud" (has: contributor)');
    }
    const sys = authorize(principal([{ project: 'fraud', role: 'admin' }]), 'fraud', 'user.manage');
    if (!sys.ok) expect(sys.error.message).toBe('user "x" may not user.manage: needs role admin on every project (*) (has: none)');
    expect(sys.ok).toBe(false);
    const viaToken = authorize(principal([], 'tok_1'), 'fraud', 'batch.upload');
    if (!viaToken.ok) expect(viaToken.error.message).toContain('through API token tok_1');
  });

  it('rejects an action that is not in the matrix', () => {
    const r = authorize(principal([{ project: GLOBAL_PROJECT, role: 'admin' }]), 'fraud', 'dataset.delete' as Action);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid_input');
  });

  it('assertAuthorized throws the same error and returns the allowing grant', () => {
    const p = principal([{ project: 'fraud', role: 'engineer' }, { project: 'fraud', role: 'steward' }]);
    expect(assertAuthorized(p, 'fraud', 'quarantine.release')).toEqual({ project: 'fraud', role: 'steward' });
    expect(() => assertAuthorized(p, 'fraud', 'ledger.read')).toThrow(/needs role admin or auditor in project "fraud" \(has: engineer, steward\)/);
  });
});

describe('docs/access-matrix.md', () => {
  it('holds exactly the table rendered from the matrix (UPDATE_ACCESS_MATRIX_DOC=1 rewrites it)', () => {
    const doc = readFileSync(docPath, 'utf8');
    const begin = doc.indexOf(ACCESS_MATRIX_BEGIN);
    const end = doc.indexOf(ACCESS_MATRIX_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    const embedded = doc.slice(begin + ACCESS_MATRIX_BEGIN.length + 1, end);
    const rendered = renderAccessMatrixMarkdown();
    if (embedded !== rendered && process.env['UPDATE_ACCESS_MATRIX_DOC'] === '1') {
      writeFileSync(docPath, `${doc.slice(0, begin + ACCESS_MATRIX_BEGIN.length)}\n${rendered}${doc.slice(end)}`);
      return;
    }
    expect(embedded).toBe(rendered);
  });

  it('lists every action in a row of its own, with one yes per allowed role', () => {
    const rows = renderAccessMatrixMarkdown().split('\n').filter((l) => l.startsWith('| `') && l.includes('.'));
    const actionRows = rows.filter((l) => ACTIONS.some((a) => l.startsWith(`| \`${a}\``)));
    expect(actionRows).toHaveLength(ACTIONS.length);
    for (const action of ACTIONS) {
      const row = actionRows.find((l) => l.startsWith(`| \`${action}\` |`))!;
      const cells = row.split('|').slice(3, 3 + ROLES.length).map((c) => c.trim());
      expect(cells).toEqual(ROLES.map((r) => (roleAllows(r, action) ? 'yes' : '·')));
    }
  });
});
