import type { DriftResult } from '../core/scan-report.js';
import { formatNumber } from '../report/html-escape.js';
import { textTable } from './terminal-table.js';

/**
 * The drift results for a terminal: the drifted tests as a table (all of them with `all`), and a
 * line counting what was run. The full list is in --json and report.json.
 */
export function driftSummary(results: readonly DriftResult[], all = false): string {
  const shown = all ? results : results.filter((d) => d.drifted);
  const columns = new Set(results.filter((d) => d.column !== '*').map((d) => d.column)).size;
  const head = `${results.length} tests on ${columns} columns and the whole table; ${results.filter((d) => d.drifted).length} drifted`;
  if (shown.length === 0) return head;
  const table = textTable(
    ['', 'column', 'test', 'statistic', 'p-value', 'adj. p', 'effect'],
    shown.map((d) => [d.drifted ? '!' : ' ', d.column === '*' ? '(table)' : d.column, d.test, formatNumber(d.statistic), formatNumber(d.pValue), formatNumber(d.adjustedPValue), formatNumber(d.effectSize)]),
    [3, 4, 5, 6],
  );
  return `${head}:\n${table}`;
}
