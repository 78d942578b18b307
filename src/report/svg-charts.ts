import { escapeHtml, formatNumber } from './html-escape.js';

const W = 340;
const H = 150;
const M = { left: 36, right: 8, top: 8, bottom: 30 };
/** Colours: the baseline in slate, the batch in orange (distinguishable for colour-blind readers). */
export const BASELINE_COLOUR = '#64748b';
export const BATCH_COLOUR = '#ea580c';

/**
 * Baseline and batch proportions over the same numeric bins: the baseline as a filled step area,
 * the batch as an outlined step line, so both stay visible where they overlap.
 */
export function histogramOverlaySvg(edges: readonly number[], baseline: readonly number[], batch: readonly number[], title: string): string {
  const bins = baseline.length;
  if (bins === 0 || edges.length !== bins + 1) return '';
  const ymax = Math.max(1e-9, ...baseline, ...batch);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (i: number) => M.left + (i / bins) * pw;
  const y = (v: number) => M.top + ph - (v / ymax) * ph;
  const step = (vals: readonly number[]) => {
    let d = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
    vals.forEach((v, i) => {
      d += ` L${x(i).toFixed(1)},${y(v).toFixed(1)} L${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`;
    });
    return `${d} L${x(bins).toFixed(1)},${y(0).toFixed(1)}`;
  };
  return svgFrame(
    title,
    `<path d="${step(baseline)} Z" fill="${BASELINE_COLOUR}" fill-opacity="0.35" stroke="${BASELINE_COLOUR}" stroke-width="1"/>` +
      `<path d="${step(batch)}" fill="none" stroke="${BATCH_COLOUR}" stroke-width="2"/>` +
      axes(ph, ymax) +
      `<text x="${M.left}" y="${H - 12}" class="tick" text-anchor="start">${escapeHtml(formatNumber(edges[0]))}</text>` +
      `<text x="${W - M.right}" y="${H - 12}" class="tick" text-anchor="end">${escapeHtml(formatNumber(edges[edges.length - 1]))}</text>`,
  );
}

/** Baseline and batch proportions per category as side-by-side bars (the 12 largest categories, the rest summed). */
export function categoryBarsSvg(categories: readonly string[], baseline: readonly number[], batch: readonly number[], title: string): string {
  const order = categories.map((_, i) => i).sort((a, b) => Math.max(baseline[b]!, batch[b]!) - Math.max(baseline[a]!, batch[a]!));
  const shown = order.slice(0, 12);
  const rest = order.slice(12);
  const labels = shown.map((i) => categories[i]!);
  const base = shown.map((i) => baseline[i]!);
  const cur = shown.map((i) => batch[i]!);
  if (rest.length > 0) {
    labels.push(`${rest.length} more`);
    base.push(rest.reduce((s, i) => s + baseline[i]!, 0));
    cur.push(rest.reduce((s, i) => s + batch[i]!, 0));
  }
  const n = labels.length;
  if (n === 0) return '';
  const ymax = Math.max(1e-9, ...base, ...cur);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const slot = pw / n;
  const bw = Math.max(1, slot * 0.38);
  let bars = '';
  labels.forEach((label, i) => {
    const x0 = M.left + i * slot + slot * 0.1;
    const hb = (base[i]! / ymax) * ph;
    const hc = (cur[i]! / ymax) * ph;
    bars += `<rect x="${x0.toFixed(1)}" y="${(M.top + ph - hb).toFixed(1)}" width="${bw.toFixed(1)}" height="${hb.toFixed(1)}" fill="${BASELINE_COLOUR}" fill-opacity="0.6"><title>${escapeHtml(label)} baseline ${(100 * base[i]!).toFixed(1)}%</title></rect>`;
    bars += `<rect x="${(x0 + bw).toFixed(1)}" y="${(M.top + ph - hc).toFixed(1)}" width="${bw.toFixed(1)}" height="${hc.toFixed(1)}" fill="${BATCH_COLOUR}"><title>${escapeHtml(label)} batch ${(100 * cur[i]!).toFixed(1)}%</title></rect>`;
    const short = label.length > 8 ? `${label.slice(0, 7)}…` : label;
    bars += `<text x="${(x0 + bw).toFixed(1)}" y="${H - 14}" class="tick" text-anchor="middle">${escapeHtml(short)}</text>`;
  });
  return svgFrame(title, bars + axes(ph, ymax));
}

function axes(ph: number, ymax: number): string {
  return (
    `<line x1="${M.left}" y1="${M.top + ph}" x2="${W - M.right}" y2="${M.top + ph}" stroke="#94a3b8"/>` +
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="#94a3b8"/>` +
    `<text x="${M.left - 4}" y="${M.top + 8}" class="tick" text-anchor="end">${(100 * ymax).toFixed(0)}%</text>` +
    `<text x="${M.left - 4}" y="${M.top + ph}" class="tick" text-anchor="end">0</text>`
  );
}

function svgFrame(title: string, body: string): string {
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${body}</svg>`;
}
