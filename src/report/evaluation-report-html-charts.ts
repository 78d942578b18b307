import { escapeHtml } from './html-escape.js';

/** One line of a {@link rateLineChartSvg}: a point (mean and interval) per x value it has. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly mean: number; readonly low: number; readonly high: number }[];
}

/** Eight colours told apart by colour-blind readers (Okabe & Ito 2008, plus slate). */
export const SERIES_COLOURS = ['#64748b', '#e69f00', '#56b4e9', '#009e73', '#d55e00', '#0072b2', '#cc79a7', '#b8a200'] as const;

const W = 420;
const H = 240;
const M = { left: 42, right: 12, top: 12, bottom: 34 };

/**
 * A share (0 to 1, drawn as %) against the poison rate: one line per series with a vertical bar
 * for each point's 95% interval. The x axis places the rates evenly (they are usually 0.01, 0.05,
 * 0.1 — a linear axis would crowd the small ones) and labels each.
 *
 * @example
 * rateLineChartSvg([{ name: 'none', points: [{ x: 0.05, mean: 0.97, low: 0.95, high: 0.99 }] }], 'Attack success');
 */
export function rateLineChartSvg(series: readonly ChartSeries[], title: string): string {
  const rates = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  if (rates.length === 0) return '';
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (r: number) => M.left + (rates.length === 1 ? pw / 2 : (rates.indexOf(r) / (rates.length - 1)) * pw);
  const sy = (v: number) => M.top + ph - Math.min(1, Math.max(0, v)) * ph;
  let body = '';
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    body += `<line x1="${M.left}" y1="${sy(v).toFixed(1)}" x2="${W - M.right}" y2="${sy(v).toFixed(1)}" stroke="#e2e8f0"/>`;
    body += `<text x="${M.left - 4}" y="${(sy(v) + 3).toFixed(1)}" class="tick" text-anchor="end">${100 * v}%</text>`;
  }
  for (const r of rates) body += `<text x="${sx(r).toFixed(1)}" y="${H - 18}" class="tick" text-anchor="middle">${escapeHtml(String(r))}</text>`;
  body += `<text x="${(M.left + pw / 2).toFixed(1)}" y="${H - 4}" class="tick" text-anchor="middle">poison rate</text>`;
  series.forEach((s, k) => {
    const colour = SERIES_COLOURS[k % SERIES_COLOURS.length]!;
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    // A small sideways offset per series keeps overlapping interval bars readable.
    const dx = (k - (series.length - 1) / 2) * 3;
    const path = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${(sx(p.x) + dx).toFixed(1)},${sy(p.mean).toFixed(1)}`).join(' ');
    body += `<g data-series="${escapeHtml(s.name)}" stroke="${colour}" fill="${colour}">`;
    if (pts.length > 1) body += `<path d="${path}" fill="none" stroke-width="2"/>`;
    for (const p of pts) {
      const x = (sx(p.x) + dx).toFixed(1);
      body += `<line x1="${x}" y1="${sy(p.low).toFixed(1)}" x2="${x}" y2="${sy(p.high).toFixed(1)}" stroke-width="1.2"/>`;
      body += `<circle cx="${x}" cy="${sy(p.mean).toFixed(1)}" r="3"><title>${escapeHtml(s.name)} at rate ${p.x}: ${(100 * p.mean).toFixed(1)}% [${(100 * p.low).toFixed(1)}, ${(100 * p.high).toFixed(1)}]</title></circle>`;
    }
    body += '</g>';
  });
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${body}</svg>`;
}
