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

/**
 * Counts of calibrated suspicion in equal bins over [0, 1], on a square-root scale so that the few
 * suspicious rows stay visible next to the many normal ones; bins at or above `threshold` in orange.
 */
export function suspicionHistogramSvg(counts: readonly number[], threshold: number, title: string): string {
  const n = counts.length;
  if (n === 0) return '';
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const ymax = Math.sqrt(Math.max(1, ...counts));
  let bars = '';
  counts.forEach((c, i) => {
    const h = (Math.sqrt(c) / ymax) * ph;
    const x0 = M.left + (i / n) * pw;
    const hot = (i + 1) / n > threshold;
    bars += `<rect x="${(x0 + 0.5).toFixed(1)}" y="${(M.top + ph - h).toFixed(1)}" width="${(pw / n - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${hot ? BATCH_COLOUR : BASELINE_COLOUR}"><title>suspicion ${(i / n).toFixed(2)}–${((i + 1) / n).toFixed(2)}: ${c} rows</title></rect>`;
  });
  return svgFrame(
    title,
    bars +
      `<line x1="${M.left}" y1="${M.top + ph}" x2="${W - M.right}" y2="${M.top + ph}" stroke="#94a3b8"/>` +
      `<text x="${M.left - 4}" y="${M.top + 8}" class="tick" text-anchor="end">${Math.max(...counts)}</text>` +
      `<text x="${M.left}" y="${H - 12}" class="tick">0</text><text x="${W - M.right}" y="${H - 12}" class="tick" text-anchor="end">suspicion 1</text>`,
  );
}

/** A scatter plot of two coordinates, flagged points in orange on top of the others. */
export function scatterSvg(x: readonly number[], y: readonly number[], flagged: ReadonlySet<number>, labels: readonly number[], title: string): string {
  if (x.length === 0) return '';
  const w = 520;
  const h = 360;
  const pad = 14;
  const [x0, x1] = extent(x);
  const [y0, y1] = extent(y);
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (w - 2 * pad);
  const sy = (v: number) => h - pad - ((v - y0) / (y1 - y0 || 1)) * (h - 2 * pad);
  let normal = '';
  let hot = '';
  x.forEach((xv, i) => {
    const dot = `<circle cx="${sx(xv).toFixed(1)}" cy="${sy(y[i]!).toFixed(1)}" r="${flagged.has(i) ? 3.2 : 2}"><title>row ${labels[i]}</title></circle>`;
    if (flagged.has(i)) hot += dot;
    else normal += dot;
  });
  return `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>` +
    `<rect x="0.5" y="0.5" width="${w - 1}" height="${h - 1}" fill="none" stroke="#e2e8f0"/>` +
    `<g fill="${BASELINE_COLOUR}" fill-opacity="0.45">${normal}</g><g fill="${BATCH_COLOUR}" stroke="#7c2d12" stroke-width="0.6">${hot}</g></svg>`;
}

function extent(v: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of v) {
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  return [lo, hi];
}
