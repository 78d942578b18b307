/**
 * The access matrix rendered as Markdown tables, for `docs/access-matrix.md`. The document embeds
 * this output between two markers; a test fails when they differ, and rewrites the document when
 * run with `UPDATE_ACCESS_MATRIX_DOC=1`.
 */
import { ACCESS_MATRIX, ACTIONS } from './access-matrix.js';
import { ROLE_DESCRIPTIONS, ROLES } from './roles.js';

/** The line before the generated part of the document. */
export const ACCESS_MATRIX_BEGIN = '<!-- access-matrix:begin (generated from src/identity/access-matrix.ts; do not edit by hand) -->';
/** The line after it. */
export const ACCESS_MATRIX_END = '<!-- access-matrix:end -->';

/**
 * Two Markdown tables: the roles with what each is for, then every action against every role
 * (`yes` where allowed, `·` where not) with its scope and description.
 *
 * @example
 * writeFileSync('matrix.md', renderAccessMatrixMarkdown());
 */
export function renderAccessMatrixMarkdown(): string {
  const lines: string[] = ['| role | for |', '|---|---|'];
  for (const role of ROLES) lines.push(`| \`${role}\` | ${ROLE_DESCRIPTIONS[role]} |`);
  lines.push('', `| action | scope | ${ROLES.join(' | ')} | allows |`, `|---|---|${ROLES.map(() => ':-:|').join('')}---|`);
  for (const action of ACTIONS) {
    const rule = ACCESS_MATRIX[action];
    const cells = ROLES.map((role) => (rule.roles.includes(role) ? 'yes' : '·'));
    lines.push(`| \`${action}\` | ${rule.scope} | ${cells.join(' | ')} | ${rule.description} |`);
  }
  return `${lines.join('\n')}\n`;
}
