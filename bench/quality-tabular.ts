/**
 * Detection quality on two real tables (issue 3, "Quality and speed"): scikit-learn's breast cancer
 * (569 × 30, 2 classes) and digits (1,797 × 64, 10 classes), each split in half with a seeded
 * shuffle: one half is the verified data (its baseline records the detectors' clean flag rates),
 * the other is the batch, poisoned by random flips (to any other class) or targeted flips
 * (malignant → benign; digit 1 → 7) at 10% and 30%. Each detector runs alone, then the default
 * combination, all through `scanBatch` against the baseline, as a user would run them. Confident
 * learning alone is the cleanlab-style baseline and spectral signatures alone the plain backdoor
 * baseline, so the table shows what the combination adds. Per run: AUROC of the per-row suspicion
 * against the ground-truth mask, precision and recall of the flagged rows.
 *
 * Needs scikit-learn's bundled tables: apt-get install -y python3-sklearn.
 *
 *   node --import tsx bench/quality-tabular.ts [--seeds 3] [--rates 0.1,0.3]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { serializeBaseline } from '../src/baseline/baseline-file.js';
import type { CategoricalColumn, Dataset } from '../src/core/dataset.js';
import { createRng, permutation } from '../src/core/rng.js';
import { csvRecord } from '../src/data/csv-writer.js';
import { selectRows } from '../src/data/select-rows.js';
import { makeBaseline } from '../src/workflows/make-baseline.js';
import { scanBatch } from '../src/workflows/scan-batch.js';
import { auroc } from '../test/contracts/planted-data.js';
import { flipLabels, type FlipMode } from './lib/label-flips.js';

const SKLEARN_DATA = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, rates: { type: 'string', default: '0.1,0.3' } } });
const seeds = Number(values.seeds);
const rates = values.rates.split(',').map(Number);
const DETECTORS = ['confident-learning', 'spectral-signatures', 'knn-label', 'duplicate-labels', 'isolation-forest', 'lof'];

/** A scikit-learn bundled CSV: numeric feature columns f0.. and a categorical label. */
function sklearnTable(file: string, header: boolean, classNames?: readonly string[]): Dataset {
  const raw = file.endsWith('.gz') ? gunzipSync(readFileSync(join(SKLEARN_DATA, file))).toString('utf8') : readFileSync(join(SKLEARN_DATA, file), 'utf8');
  const lines = raw.trim().split('\n').slice(header ? 1 : 0).map((l) => l.split(',').map(Number));
  const d = lines[0]!.length - 1;
  const targets = lines.map((l) => l[d]!);
  const categories = classNames ?? [...new Set(targets)].sort((a, b) => a - b).map(String);
  const columns: Dataset['columns'] = [
    ...Array.from({ length: d }, (_, j) => ({ kind: 'numeric' as const, name: `f${j}`, values: Float64Array.from(lines, (l) => l[j]!) })),
    { kind: 'categorical', name: 'label', codes: Int32Array.from(targets), categories } satisfies CategoricalColumn,
  ];
  return { rowCount: lines.length, columns };
}

function writeCsv(ds: Dataset, rows: ArrayLike<number>, path: string): void {
  const out = [csvRecord(ds.columns.map((c) => c.name))];
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    out.push(csvRecord(ds.columns.map((c) => (c.kind === 'numeric' ? String(c.values[i]) : c.kind === 'categorical' ? c.categories[c.codes[i]!]! : ''))));
  }
  writeFileSync(path, out.join(''));
}

const tables: { name: string; data: Dataset; targeted: FlipMode }[] = [
  { name: 'breast cancer', data: sklearnTable('breast_cancer.csv', true, ['malignant', 'benign']), targeted: { kind: 'targeted', source: 'malignant', target: 'benign' } },
  { name: 'digits', data: sklearnTable('digits.csv.gz', false), targeted: { kind: 'targeted', source: '1', target: '7' } },
];

interface Row { table: string; attack: string; rate: number; run: string; auroc: number; precision: number; recall: number; flagged: number }
const results: Row[] = [];
const dir = mkdtempSync(join(tmpdir(), 'antidote-quality-'));
try {
  for (const t of tables) {
    for (let s = 0; s < seeds; s++) {
      const seed = 1 + s;
      const order = permutation(t.data.rowCount, createRng(seed));
      const half = t.data.rowCount >> 1;
      const verifiedRows = order.subarray(0, half);
      const batchRows = order.subarray(half);
      const verified = join(dir, 'verified.csv');
      writeCsv(t.data, verifiedRows, verified);
      const baselinePath = join(dir, 'baseline.json');
      // Every feature is a number: a pixel column that happens to hold only 0 and 1 in one half must not be read as boolean.
      const schemaPath = join(dir, 'schema.json');
      writeFileSync(schemaPath, JSON.stringify(Object.fromEntries(t.data.columns.filter((c) => c.name !== 'label').map((c) => [c.name, 'numeric']))));
      writeFileSync(baselinePath, serializeBaseline(await makeBaseline(verified, { label: 'label', seed, schemaPath })));
      const batchOnly = selectRows(t.data, batchRows);
      for (const mode of [{ kind: 'random' } as FlipMode, t.targeted]) {
        for (const rate of rates) {
          const { batch, mask } = flipLabels(batchOnly, 'label', rate, mode, 100 + seed);
          const path = join(dir, 'batch.csv');
          writeCsv(batch, Uint32Array.from({ length: batch.rowCount }, (_, i) => i), path);
          const attack = mode.kind === 'random' ? 'random flips' : `targeted ${mode.source} → ${mode.target}`;
          for (const run of [...DETECTORS, 'default']) {
            const report = await scanBatch(path, { baselinePath, label: 'label', seed, schemaPath, ...(run === 'default' ? {} : { policy: { run: [run] } }) });
            let tp = 0;
            let flagged = 0;
            for (const r of report.rows) if (r.flagged) { flagged++; if (mask[r.index]) tp++; }
            const pos = mask.reduce((a, b) => a + b, 0);
            const row: Row = { table: t.name, attack, rate, run: run === 'default' ? `default (${report.detectors.join(' + ')})` : run, auroc: auroc(Float64Array.from(report.rows, (r) => r.suspicion), mask), precision: flagged ? tp / flagged : NaN, recall: tp / pos, flagged };
            results.push(row);
            console.log(JSON.stringify({ bench: 'quality-tabular', seed, ...row }));
          }
        }
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function mean(xs: number[]): string {
  const ok = xs.filter((x) => !Number.isNaN(x));
  return ok.length ? (ok.reduce((a, b) => a + b, 0) / ok.length).toFixed(3) : '—';
}

console.log('');
console.log(`Random and targeted label flips, half of each table verified (baseline), half poisoned; mean over ${seeds} seeds. Flags are after the baseline gate.`);
console.log('');
console.log('| table | attack | rate | detector | AUROC | precision | recall | flagged |');
console.log('|---|---|---|---|---|---|---|---|');
const keys = [...new Set(results.map((r) => `${r.table}|${r.attack}|${r.rate}|${r.run}`))];
for (const key of keys) {
  const rs = results.filter((r) => `${r.table}|${r.attack}|${r.rate}|${r.run}` === key);
  const [table, attack, rate, run] = key.split('|');
  console.log(`| ${table} | ${attack} | ${Math.round(Number(rate) * 100)}% | ${run} | ${mean(rs.map((r) => r.auroc))} | ${mean(rs.map((r) => r.precision))} | ${mean(rs.map((r) => r.recall))} | ${mean(rs.map((r) => r.flagged)).replace('.000', '')} |`);
}
