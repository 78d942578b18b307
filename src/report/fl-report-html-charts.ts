/**
 * The line chart of the federated report: one line per aggregation rule over the rounds, in
 * inline SVG (no scripts, no external files), with a legend and hover titles per point.
 */
import { escapeHtml } from './html-escape.js';

/** Colours for up to ten lines (Okabe–Ito, then two greys/wines), distinguishable for colour-blind readers. */
export const LINE_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442', '#999999', '#882255'] as const;

/** One line: a name and a value per x position (null = no point). */
export interface LineSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

const W = 640;
const H = 300;
const M = { left: 44, right: 170, top: 12, bottom: 34 };

/**
 * Lines of shares in [0, 1] against x = 0, 1, 2, ... (the rounds; 0 = before training), the y axis
 * in percent from 0 to 100.
 *
 * @example
 * lineChartSvg([{ name: 'fed-avg', values: [0.1, 0.5, 0.7] }], 'Test accuracy per round', 'round');
 */
export function lineChartSvg(series: readonly LineSeries[], title: string, xLabel: string): string {
  const points = Math.max(0, ...series.map((s) => s.values.length));
  if (points === 0) return '';
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (i: number) => M.left + (points === 1 ? pw / 2 : (i / (points - 1)) * pw);
  const y = (v: number) => M.top + ph - Math.min(1, Math.max(0, v)) * ph;
  let grid = '';
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    grid += `<line x1="${M.left}" y1="${y(t).toFixed(1)}" x2="${M.left + pw}" y2="${y(t).toFixed(1)}" stroke="#e2e8f0"/>`;
    grid += `<text x="${M.left - 5}" y="${(y(t) + 3).toFixed(1)}" class="tick" text-anchor="end">${(100 * t).toFixed(0)}%</text>`;
  }
  const step = Math.max(1, Math.ceil((points - 1) / 10));
  for (let i = 0; i < points; i += step) grid += `<text x="${x(i).toFixed(1)}" y="${M.top + ph + 14}" class="tick" text-anchor="middle">${i}</text>`;
  grid += `<text x="${M.left + pw / 2}" y="${H - 4}" class="tick" text-anchor="middle">${escapeHtml(xLabel)}</text>`;
  let lines = '';
  let legend = '';
  series.forEach((s, k) => {
    const colour = LINE_COLOURS[k % LINE_COLOURS.length]!;
    const dash = k >= LINE_COLOURS.length ? ' stroke-dasharray="4 3"' : '';
    let d = '';
    let dots = '';
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      d += `${d === '' ? 'M' : ' L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      dots += `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.2" fill="${colour}"><title>${escapeHtml(s.name)}, ${escapeHtml(xLabel)} ${i}: ${(100 * v).toFixed(1)}%</title></circle>`;
    });
    lines += `<g data-series="${escapeHtml(s.name)}"><path d="${d}" fill="none" stroke="${colour}" stroke-width="1.8"${dash}/>${dots}</g>`;
    const ly = M.top + 6 + k * 16;
    legend += `<line x1="${W - M.right + 12}" y1="${ly}" x2="${W - M.right + 30}" y2="${ly}" stroke="${colour}" stroke-width="2.5"${dash}/><text x="${W - M.right + 35}" y="${ly + 4}" class="legend">${escapeHtml(s.name)}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>` +
    `${grid}<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="#94a3b8"/>${lines}${legend}</svg>`;
}
