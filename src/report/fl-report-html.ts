/**
 * The federated simulation as one standalone HTML page: the setting, the accuracy of every
 * aggregation rule per round (one line each), the attack's success per round for targeted
 * attacks, and a table of final numbers — no external scripts, fonts or images.
 */
import type { FlResultFile } from '../workflows/fl-simulate.js';
import { lineChartSvg } from './fl-report-html-charts.js';
import { escapeHtml as e } from './html-escape.js';

const pct = (v: number | null): string => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

/**
 * The report page of a simulation result.
 *
 * @example
 * await writeFile('fl-report.html', renderFlReportHtml(result));
 */
export function renderFlReportHtml(result: FlResultFile): string {
  const c = result.config;
  const title = `Antidote federated simulation — ${result.attack.name}, ${c.clients} clients (${c.byzantine} Byzantine)`;
  const accuracy = lineChartSvg(
    result.runs.map((r) => ({ name: r.aggregator, values: [result.initial.accuracy, ...r.rounds.map((m) => m.accuracy)] })),
    'Test accuracy per round, one line per aggregation rule',
    'round',
  );
  const success = result.attack.targeted
    ? lineChartSvg(
        result.runs.map((r) => ({ name: r.aggregator, values: [result.initial.attackSuccess, ...r.rounds.map((m) => m.attackSuccess)] })),
        'Attack success per round, one line per aggregation rule',
        'round',
      )
    : '';
  const best = Math.max(...result.runs.map((r) => r.finalAccuracy));
  const rows = result.runs
    .map((r) => {
      const byz = r.rounds.flatMap((m) => (m.byzantineRelativeDistance === null ? [] : [m.byzantineRelativeDistance]));
      const hon = r.rounds.flatMap((m) => (m.honestRelativeDistance === null ? [] : [m.honestRelativeDistance]));
      const mean = (v: readonly number[]) => (v.length === 0 ? '—' : (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2));
      const skipped = r.rounds.filter((m) => m.skipped).length;
      return `<tr${r.finalAccuracy === best ? ' class="best"' : ''}><td><b>${e(r.aggregator)}</b><div class="muted small">${e(r.citation)}</div></td>` +
        `<td class="num">${pct(r.finalAccuracy)}</td><td class="num">${pct(Math.max(...r.rounds.map((m) => m.accuracy)))}</td>` +
        (result.attack.targeted ? `<td class="num">${pct(r.finalAttackSuccess)}</td>` : '') +
        `<td class="num">${mean(byz)}</td><td class="num">${mean(hon)}</td><td class="num">${skipped}</td><td class="num">${r.seconds.toFixed(1)}</td></tr>`;
    })
    .join('');
  const model = result.model.kind === 'mlp' ? `MLP ${result.model.sizes.join(' → ')}` : `softmax regression ${result.model.sizes.join(' → ')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>Federated simulation</h1>
<p class="muted">Attack <b>${e(result.attack.name)}</b> (${e(result.attack.citation)}) · ${c.byzantine} of ${c.clients} clients Byzantine · ${c.clientsPerRound} per round · ${c.rounds} rounds · seed ${c.seed}</p></header>
<main>
<section class="cards">
${card('Model', `${model} (${result.model.parameters.toLocaleString('en')} parameters)`)}
${card('Data', `Fashion-MNIST: ${result.trainRows} training rows (${result.rootExamples} held back as the server's root set), ${result.testRows} test rows`)}
${card('Split', c.split === 'iid' ? 'IID' : `Dirichlet α = ${c.alpha}`)}
${card('Local training', `${c.local.epochs} epoch(s) of SGD, batch ${c.local.batchSize}, rate ${c.local.learningRate}`)}
</section>
<section><h2>Test accuracy</h2><p class="muted">Round 0 is the initial model (${pct(result.initial.accuracy)}). Each rule runs as its own simulation from the same seed: same split, Byzantine clients, initial model and client sampling.</p>${accuracy}</section>
${success ? `<section><h2>Attack success</h2><p class="muted">${e(successMeaning(result.attack.name))}</p>${success}</section>` : ''}
<section><h2>Per rule</h2>
<table><thead><tr><th>rule</th><th>final accuracy</th><th>best accuracy</th>${result.attack.targeted ? '<th>final attack success</th>' : ''}<th>Byzantine distance</th><th>honest distance</th><th>skipped rounds</th><th>seconds</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted small">Distances: mean over the rounds of each client's distance to the round's aggregate, relative to the round's median distance (1 = typical). A rule whose aggregate is not finite is skipped for the round (the model is kept).</p>
</section>
</main>
<footer class="muted small">Byzantine clients ${e(result.byzantineClients.join(', ') || 'none')} · shard sizes ${e(result.shardSizes.join(', '))} · ${e(result.format)} v${result.version}</footer>
</body></html>
`;
}

function successMeaning(attack: string): string {
  if (attack === 'scaling') return 'Share of triggered test images of the other classes classified as the backdoor target.';
  if (attack === 'label-flip') return 'Share of test images classified as their flipped label (y → K − 1 − y).';
  return 'Share of the attack\'s test images classified as the attacker wants.';
}

function card(label: string, value: string): string {
  return `<div class="card"><div class="label">${e(label)}</div><div class="value">${e(value)}</div></div>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
header,main,footer{max-width:1000px;margin:0 auto;padding:12px 20px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:18px 0 6px}
.muted{color:#64748b}.small{font-size:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:10px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px 12px}.card .label{color:#64748b;font-size:12px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px 14px;margin:12px 0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e2e8f0;padding:5px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.best td{background:#f0fdf4}
svg .tick{font-size:10px;fill:#475569}svg .legend{font-size:11px;fill:#0f172a}
`;
