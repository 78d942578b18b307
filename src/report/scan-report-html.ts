import type { ColumnDistribution, DriftResult, ScanReport } from '../core/scan-report.js';
import { escapeHtml as e, formatNumber as f } from './html-escape.js';
import { BASELINE_COLOUR, BATCH_COLOUR, categoryBarsSvg, histogramOverlaySvg, scatterSvg, suspicionHistogramSvg } from './svg-charts.js';

const VERDICT_STYLE = {
  accept: { bg: '#dcfce7', fg: '#166534', text: 'Accept' },
  quarantine: { bg: '#fef3c7', fg: '#92400e', text: 'Quarantine' },
  reject: { bg: '#fee2e2', fg: '#991b1b', text: 'Reject' },
} as const;

/**
 * The scan report as one standalone HTML page: no external scripts, fonts or images, so it can be
 * mailed, archived or opened offline. Verdict and reasons first, then the drift table (sortable,
 * filterable to drifted tests), then one panel per column with the baseline and batch distributions.
 *
 * @example
 * await writeFile('report.html', renderScanReportHtml(report));
 */
export function renderScanReportHtml(report: ScanReport): string {
  const v = VERDICT_STYLE[report.verdict];
  const s = report.summary;
  const title = `Antidote scan — ${report.input.file}`;
  const byColumn = new Map<string, DriftResult[]>();
  for (const d of report.drift) byColumn.set(d.column, [...(byColumn.get(d.column) ?? []), d]);
  const dists = [...report.distributions].sort((a, b) => Number(isDrifted(byColumn, b.column)) - Number(isDrifted(byColumn, a.column)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style></head>
<body>
<header>
  <div><h1>Antidote scan report</h1>
  <p class="muted">${e(report.input.file)} · ${e(report.createdAt)}${report.baseline ? ` · baseline ${e(report.baseline.file)}` : ' · no baseline'}</p></div>
  <div class="verdict" style="background:${v.bg};color:${v.fg}" data-verdict="${report.verdict}">${v.text}</div>
</header>
<main>
<section class="cards">
  ${card('Rows', String(s.rows))}${card('Columns', String(s.columns))}
  ${card('Drifted columns', String(s.driftedColumns.length), s.driftedColumns.length > 0)}
  ${card('Drifted tests', `${s.driftedTests} / ${report.drift.length}`, s.driftedTests > 0)}
  ${card('Flagged rows', String(s.flaggedRows), s.flaggedRows > 0)}
  ${card('Schema warnings', String(s.schemaWarnings), s.schemaWarnings > 0)}
</section>
<section><h2>Why this verdict</h2><ul class="reasons">${s.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul></section>
${report.schema.length > 0 ? `<section><h2>Schema</h2><ul class="findings">${report.schema.map((x) => `<li class="${x.severity}"><b>${e(x.column)}</b> ${e(x.message)}</li>`).join('')}</ul></section>` : ''}
${tableTests(byColumn.get('*') ?? [], report.drift.filter((d) => d.test === 'label-shift'))}
${dists.length > 0 ? `<section><h2>Columns</h2><p class="muted legend"><span class="sw" style="background:${BASELINE_COLOUR}"></span> baseline <span class="sw" style="background:${BATCH_COLOUR}"></span> batch · drifted columns first · each chip is a test and its effect size</p><div class="grid">${dists.map((d) => panel(d, byColumn.get(d.column) ?? [])).join('')}</div></section>` : ''}
${report.drift.length > 0 ? driftTable(report.drift) : ''}
${rowsSection(report)}
${duplicatesSection(report)}
</main>
<footer class="muted">Batch ${e(report.input.sha256)}${report.baseline ? ` · baseline ${e(report.baseline.contentHash)}` : ''} · report format ${report.version}</footer>
<script>${SCRIPT}</script>
</body></html>
`;
}

function duplicatesSection(report: ScanReport): string {
  const d = report.duplicates;
  if (!d) return '';
  const note = d.note ? ` ${e(d.note)}.` : '';
  const compared = d.baselineRowsCompared > 0 ? ` and against the ${d.baselineRowsCompared} rows of the baseline's sample` : '';
  if (d.groupCount === 0) return `<section><h2>Duplicates</h2><p class="muted">No exact or near duplicates inside the batch${compared} (near: closer than ${d.threshold.toPrecision(3)} in the encoded space).${note}</p></section>`;
  const list = (xs: readonly number[], more: boolean) => `${xs.join(', ')}${more ? ', …' : ''}`;
  const rows = d.groups
    .map((g) => `<tr><td><span class="badge ${g.kind === 'exact' ? 'bad' : 'ok'}">${g.kind}</span></td><td>${list(g.rows, g.rows.length >= 20)}</td><td>${g.baselineRows.length > 0 ? list(g.baselineRows, g.baselineRows.length >= 20) : '—'}</td><td class="num">${g.radius.toPrecision(3)}</td></tr>`)
    .join('');
  return `<section><h2>Duplicates</h2><p class="muted">${d.duplicateRows} batch rows in ${d.groupCount} groups of exact or near duplicates (near: closer than ${d.threshold.toPrecision(3)} in the encoded space), ${d.againstBaseline} of them with rows of the baseline's sample${d.groupCount > d.groups.length ? `; the first ${d.groups.length} groups are listed` : ''}.${note} Conflicting labels inside a group are what the duplicate-labels detector flags.</p>
<table><thead><tr><th>kind</th><th>batch rows</th><th>baseline sample rows</th><th>radius</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function rowsSection(report: ScanReport): string {
  const d = report.detection;
  if (!d || report.detectors.length === 0) {
    return `<section><h2>Rows</h2><p class="muted">No poison detectors ran on this batch${d ? ` (${d.skipped.map((s) => `${e(s.detector)}: ${e(s.why)}`).join('; ') || 'none selected'})` : ' (--skip-detectors)'}: every row has suspicion 0.</p></section>`;
  }
  const flagged = report.rows.filter((r) => r.flagged);
  const top = [...report.rows].filter((r) => r.suspicion > 0).sort((a, b) => b.suspicion - a.suspicion).slice(0, 25);
  const cards = d.perDetector
    .map((p) => {
      const g = p.baselineGate;
      const gate = g && g.flaggedBeforeGate > 0
        ? `<p class="note">${g.kept ? `more flags than on the verified baseline (${pct(g.baselineRate)}; p ${g.pValue.toExponential(1)}): kept` : `${g.flaggedBeforeGate} rows over the threshold, no more than on the verified baseline (${pct(g.baselineRate)}): not flagged`}</p>`
        : '';
      return `<div class="panel"><h3>${e(p.detector)} <span class="kind">${p.flagged} flagged · ${(p.ms / 1000).toFixed(1)} s</span></h3>${suspicionHistogramSvg(p.histogram, 0.999, `${p.detector}: suspicion of every row`)}${gate}</div>`;
    })
    .join('');
  const flaggedSet = new Set<number>();
  const proj = d.projection;
  const scatter = proj
    ? (() => {
        const isFlagged = new Set(flagged.map((r) => r.index));
        proj.index.forEach((row, i) => {
          if (isFlagged.has(row)) flaggedSet.add(i);
        });
        return `<div class="panel wide"><h3>The batch on its first two principal components <span class="kind">${proj.index.length} rows shown · flagged in orange</span></h3>${scatterSvg(proj.x, proj.y, flaggedSet, proj.index, 'rows projected on two principal components')}</div>`;
      })()
    : '';
  const table = top
    .map((r) => `<tr class="${r.flagged ? 'drifted' : ''}"><td class="num">${r.index}</td><td class="num">${f(r.suspicion)}</td><td>${r.flagged ? '<span class="badge bad">flagged</span>' : ''}</td>` +
      `<td>${r.reasons.map((x) => `<span class="chip ${x.score >= 0.999 ? 'bad' : 'ok'}">${e(x.detector)} ${f(x.score)}</span>`).join(' ')}</td>` +
      `<td>${r.suggestedLabel ? `${e(r.suggestedLabel.label)} <span class="muted">(${f(r.suggestedLabel.confidence)})</span>` : ''}</td></tr>`)
    .join('');
  const skipped = d.skipped.length > 0 ? `<p class="muted">Not run: ${d.skipped.map((s) => `${e(s.detector)} (${e(s.why)})`).join(', ')}.</p>` : '';
  return `<section><h2>Suspicious rows</h2>
<p class="muted">${flagged.length} of ${report.rows.length} rows flagged (budget ${(100 * d.contaminationBudget).toFixed(0)}%). Each detector's score is calibrated into a suspicion in [0, 1]; a row is flagged from 0.999 (or the policy's threshold), or when a label-error detector decides so.</p>${skipped}
<div class="grid">${cards}</div>
${scatter ? `<div class="grid one">${scatter}</div>` : ''}
<h3>Most suspicious rows</h3>
<table><thead><tr><th>Row</th><th>Suspicion</th><th></th><th>Why</th><th>Suggested label</th></tr></thead><tbody>${table || '<tr><td colspan="5" class="muted">no row has any suspicion</td></tr>'}</tbody></table>
<p class="muted">Row numbers count data rows from 0, in input order. Every row's verdict is in report.json.</p></section>`;
}

function pct(share: number): string {
  return `${(100 * share).toFixed(share < 0.01 ? 2 : 1)}%`;
}

function isDrifted(byColumn: Map<string, DriftResult[]>, column: string): boolean {
  return (byColumn.get(column) ?? []).some((d) => d.drifted);
}

const TABLE_TEST_TEXT: Readonly<Record<string, string>> = {
  'label-shift': 'Label distribution',
  'correlation-shift': 'Correlations between features',
  mmd: 'Joint distribution of all features (MMD)',
};

function tableTests(table: readonly DriftResult[], label: readonly DriftResult[]): string {
  const all = [...label, ...table];
  if (all.length === 0) return '';
  const item = (d: DriftResult): string => {
    const worst = d.details?.['worstPair'] as { a: string; b: string; baseline: number; batch: number } | null | undefined;
    const extra = worst ? `<div class="muted">largest change: ${e(worst.a)} × ${e(worst.b)}, r ${f(worst.baseline)} → ${f(worst.batch)}</div>` : '';
    return `<div class="card wide${d.drifted ? ' alert' : ''}"><div class="label">${e(TABLE_TEST_TEXT[d.test] ?? d.test)}${d.test === 'label-shift' ? ` (${e(d.column)})` : ''}</div>` +
      `<div class="value small">${d.drifted ? 'changed' : 'no change found'}</div>` +
      `<div class="muted">effect ${f(d.effectSize)}${d.adjustedPValue !== null ? ` · adjusted p ${f(d.adjustedPValue)}` : ''}</div>${extra}</div>`;
  };
  return `<section><h2>Whole batch</h2><div class="cards">${all.map(item).join('')}</div></section>`;
}

function card(label: string, value: string, alert = false): string {
  return `<div class="card${alert ? ' alert' : ''}"><div class="value">${e(value)}</div><div class="label">${e(label)}</div></div>`;
}

function driftTable(drift: readonly DriftResult[]): string {
  const rows = drift
    .map(
      (d) => `<tr class="${d.drifted ? 'drifted' : ''}"><td>${e(d.column === '*' ? 'whole table' : d.column)}</td><td>${e(d.test)}</td>` +
        `<td class="num" data-v="${d.statistic}">${f(d.statistic)}</td><td class="num" data-v="${d.pValue ?? ''}">${f(d.pValue)}</td>` +
        `<td class="num" data-v="${d.adjustedPValue ?? ''}">${f(d.adjustedPValue)}</td><td class="num" data-v="${d.effectSize}">${f(d.effectSize)}</td>` +
        `<td>${d.drifted ? '<span class="badge bad">drift</span>' : '<span class="badge ok">ok</span>'}</td></tr>`,
    )
    .join('');
  return `<section><h2>All tests</h2>
<p class="muted">${drift.length} tests; p-values are corrected across all tests of the batch (Benjamini–Hochberg). Click a heading to sort. <label><input type="checkbox" id="only-drifted" checked> only drifted</label></p>
<table id="drift"><thead><tr><th>Column</th><th>Test</th><th>Statistic</th><th>p-value</th><th>Adjusted p</th><th>Effect</th><th>Result</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function panel(d: ColumnDistribution, tests: readonly DriftResult[]): string {
  const drifted = tests.some((t) => t.drifted);
  const chart = d.edges ? histogramOverlaySvg(d.edges, d.baseline, d.batch, `${d.column}: baseline and batch`) : categoryBarsSvg(d.categories ?? [], d.baseline, d.batch, `${d.column}: baseline and batch`);
  const chips = tests.map((t) => `<span class="chip ${t.drifted ? 'bad' : 'ok'}" title="statistic ${f(t.statistic)}, p ${f(t.pValue)}">${e(t.test)} ${f(t.effectSize)}</span>`).join('');
  return `<div class="panel${drifted ? ' drifted' : ''}"><h3>${e(d.column)} <span class="kind">${e(d.kind)}</span></h3>${chart}<div class="chips">${chips}</div></div>`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
body{margin:0}header{display:flex;justify-content:space-between;align-items:center;padding:20px 32px;background:#fff;border-bottom:1px solid #e2e8f0}
h1{margin:0;font-size:22px}h2{font-size:17px;margin:28px 0 10px}h3{font-size:14px;margin:0 0 6px}
main{padding:0 32px 32px;max-width:1200px}.muted{color:#64748b;font-size:13px}
.verdict{font-size:20px;font-weight:700;padding:10px 22px;border-radius:10px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:20px}.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:12px 18px;min-width:120px}
.card .value{font-size:24px;font-weight:700}.card .value.small{font-size:16px}.card.wide{min-width:260px}.card .label{font-size:12px;color:#64748b}.card.alert .value{color:#c2410c}
.reasons li{margin:4px 0}.findings li.error{color:#991b1b}.findings li.warning{color:#92400e}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}th,td{padding:6px 10px;border-bottom:1px solid #e2e8f0;text-align:left}
th{cursor:pointer;background:#f1f5f9;user-select:none}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.drifted{background:#fff7ed}
.badge{padding:2px 8px;border-radius:999px;font-size:12px}.badge.bad,.chip.bad{background:#fed7aa;color:#9a3412}.badge.ok,.chip.ok{background:#e2e8f0;color:#334155}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}.panel{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:10px}
.panel.drifted{border-color:#fb923c}.grid.one{grid-template-columns:1fr;margin-top:12px}.kind{color:#94a3b8;font-weight:400;font-size:12px}.chips{display:flex;gap:6px;flex-wrap:wrap}.chip{font-size:11px;padding:1px 6px;border-radius:6px}
.note{font-size:12px;color:#475569;margin:4px 0 0}.tick{font-size:10px;fill:#64748b}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;vertical-align:middle}footer{padding:16px 32px}
`;

const SCRIPT = `
(function(){var t=document.getElementById('drift');if(!t)return;var b=t.tBodies[0];
var only=document.getElementById('only-drifted');function filter(){for(var r of b.rows){r.style.display=only.checked&&!r.classList.contains('drifted')?'none':''}}only.addEventListener('change',filter);filter();
t.tHead.querySelectorAll('th').forEach(function(th,i){var asc=true;th.addEventListener('click',function(){var rows=[].slice.call(b.rows);
rows.sort(function(x,y){var a=x.cells[i],c=y.cells[i];var va=a.dataset.v,vc=c.dataset.v;var r;if(va!==undefined&&vc!==undefined){r=(va===''?Infinity:+va)-(vc===''?Infinity:+vc)}else{r=a.textContent.localeCompare(c.textContent)}return asc?r:-r});
asc=!asc;rows.forEach(function(r){b.appendChild(r)})})})})();
`;
