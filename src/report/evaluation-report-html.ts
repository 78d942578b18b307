import type { MeanInterval } from '../workflows/evaluate-statistics.js';
import type { EvaluationResult, EvaluationSummaryRow } from '../workflows/evaluate.js';
import { rateLineChartSvg, SERIES_COLOURS, type ChartSeries } from './evaluation-report-html-charts.js';
import { escapeHtml as e } from './html-escape.js';

/**
 * The evaluation lab's results as one standalone HTML page (no external resources): the settings,
 * per attack two charts against the poison rate — clean accuracy and attack success, one line per
 * defence with 95% intervals over the seeds — and the full summary table.
 *
 * @example
 * await writeFile('report.html', renderEvaluationReportHtml(result));
 */
export function renderEvaluationReportHtml(result: EvaluationResult): string {
  const c = result.config;
  const title = `Antidote evaluation — ${c.dataset}`;
  const attacks = [...new Set(result.summary.map((s) => s.attack))];
  const legend = result.grid.defences.map((d, k) => `<span class="sw" style="background:${SERIES_COLOURS[k % SERIES_COLOURS.length]}"></span>${e(d)}`).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>${e(title)}</h1>
<p class="muted">${c.trainRows} training rows, ${c.testRows} test rows, classes ${e(c.classNames.join(', '))} · seeds ${e(result.grid.seeds.join(', '))} · model: MLP ${e(JSON.stringify(c.model))}${result.complete ? '' : ' · <b>incomplete run</b>: some cells are missing'}</p></header>
<main>
<p class="muted legend">${legend}</p>
${attacks.map((a) => attackSection(a, result.summary.filter((s) => s.attack === a), result.grid.defences)).join('\n')}
<section><h2>All results</h2>
<p class="muted">Means over seeds with 95% t-intervals. Attack success: for backdoors, the share of triggered test rows not of the target class sent to the target; for targeted flips, the share of source-class test rows predicted as the target. Detection: precision and recall of the flagged training rows against the poisoned ones.</p>
<table><thead><tr><th>attack</th><th>rate</th><th>defence</th><th>seeds</th><th>clean accuracy</th><th>attack success</th><th>detection precision</th><th>detection recall</th><th>seconds</th></tr></thead>
<tbody>${result.summary.map(row).join('')}</tbody></table></section>
</main>
<footer class="muted">${e(result.format)} version ${result.version} · ${result.cells.length} cells</footer>
</body></html>
`;
}

function attackSection(attack: string, rows: readonly EvaluationSummaryRow[], defences: readonly string[]): string {
  const series = (metric: (r: EvaluationSummaryRow) => MeanInterval | null): ChartSeries[] =>
    defences.map((d) => ({
      name: d,
      points: rows.filter((r) => r.defence === d && metric(r) !== null).map((r) => ({ x: r.rate, ...metric(r)! })),
    }));
  const success = series((r) => r.attackSuccess);
  const hasSuccess = success.some((s) => s.points.length > 0);
  return `<section><h2>${e(attack)}</h2><div class="charts">
<figure>${rateLineChartSvg(series((r) => r.cleanAccuracy), `${attack}: clean accuracy against poison rate`)}<figcaption>Clean test accuracy</figcaption></figure>
${hasSuccess ? `<figure>${rateLineChartSvg(success, `${attack}: attack success against poison rate`)}<figcaption>Attack success</figcaption></figure>` : ''}
</div></section>`;
}

function interval(m: MeanInterval | null): string {
  if (!m) return '—';
  const pct = (v: number) => (100 * v).toFixed(1);
  return m.n > 1 ? `${pct(m.mean)}% <span class="muted">[${pct(m.low)}, ${pct(m.high)}]</span>` : `${pct(m.mean)}%`;
}

function row(r: EvaluationSummaryRow): string {
  return `<tr><td>${e(r.attack)}</td><td>${r.rate}</td><td>${e(r.defence)}</td><td>${r.seeds}</td><td>${interval(r.cleanAccuracy)}</td><td>${interval(r.attackSuccess)}</td><td>${interval(r.detectionPrecision)}</td><td>${interval(r.detectionRecall)}</td><td>${r.seconds.mean.toFixed(1)}</td></tr>`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
header,main,footer{max-width:1100px;margin:0 auto;padding:12px 20px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:18px 0 8px}
.muted{color:#64748b}.legend .sw{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px;border-radius:2px}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:8px}
figcaption{font-size:12px;color:#475569;text-align:center}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e2e8f0;padding:4px 8px;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f1f5f9}.tick{font-size:10px;fill:#475569}`;
