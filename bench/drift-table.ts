/**
 * Whole-table drift check of a wide batch, side by side with scipy run column by column
 * (bench/peers/drift_table.py).
 *
 *   node --import tsx bench/drift-table.ts [--rows 1000000] [--cols 50] [--repeat 3] [--peer-repeat 3] [--seed 20240501]
 *
 * Data: a reference and a batch of --rows x --cols standard normal values, rounded to float32
 * (seeded; same distribution as the peer's, not the same numbers); in the batch every column j
 * with j % 10 == 3 is shifted by 0.2 standard deviations. Timed separately:
 *
 * - `buildBaseline` on the reference (profiles: sort, 1,001-quantile sketch, deciles, histogram;
 *   the correlation matrix of all numeric columns; content hash);
 * - `checkDrift` on the batch: KS, PSI and Wasserstein on every column, the correlation-shift
 *   test over every pair (on a 100,000-row sample of the batch), Benjamini–Hochberg. No MMD: that
 *   test needs encoded features (`encodedBatch`), which this table-only bench does not pass.
 *
 * Both sort long columns on every core (`sortedFinite`); the rest runs on the calling thread.
 *
 * The peer times ks_2samp + wasserstein_distance + PSI per column (from raw reference and batch,
 * having no profile). Our runs are split around the peer's (A B A) and the medians compared; ratio
 * above 1 means Antidote is faster. A last line says which columns were flagged as drifted.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { Baseline } from '../src/core/baseline.js';
import type { Dataset, NumericColumn } from '../src/core/dataset.js';
import { createRng } from '../src/core/rng.js';
import { buildBaseline } from '../src/baseline/build-baseline.js';
import { checkDrift, type DriftCheck } from '../src/drift/check-drift.js';
import { createDriftTestRegistry } from '../src/drift/drift-test-registry.js';
import { type PeerRecord, median, reportRatio, runPeer, timeRuns } from './lib/peers.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    cols: { type: 'string', default: '50' },
    repeat: { type: 'string', default: '3' },
    'peer-repeat': { type: 'string' },
    seed: { type: 'string', default: '20240501' },
  },
});
const rows = positiveInt(values.rows, '--rows');
const cols = positiveInt(values.cols, '--cols');
const repeat = positiveInt(values.repeat, '--repeat');
const peerRepeat = positiveInt(values['peer-repeat'] ?? values.repeat, '--peer-repeat');
const seed = positiveInt(values.seed, '--seed');
const SHIFT = 0.2;
const isShifted = (j: number): boolean => j % 10 === 3;

function positiveInt(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${text}`);
  return n;
}

function table(rngSeed: number, shift: number): Dataset {
  const rng = createRng(rngSeed);
  const columns: NumericColumn[] = [];
  for (let j = 0; j < cols; j++) {
    const v = new Float64Array(rows);
    const s = isShifted(j) ? shift : 0;
    for (let i = 0; i < rows; i++) v[i] = Math.fround(rng.normal() + s);
    columns.push({ kind: 'numeric', name: `f${String(j).padStart(2, '0')}`, values: v });
  }
  return { rowCount: rows, columns };
}

/** A new Dataset over the same arrays: drift tests cache sorted columns per column object, and a timed run must not reuse them. */
function fresh(ds: Dataset): Dataset {
  return { rowCount: ds.rowCount, columns: ds.columns.map((c) => ({ ...c })) };
}

const reference = table(seed, 0);
const batch = table(seed + 1, SHIFT);
const registry = createDriftTestRegistry();
const source = { file: 'reference', sha256: '0'.repeat(64) };

let baseline: Baseline | undefined;
let last: DriftCheck | undefined;
const ours = { build: [] as number[], check: [] as number[] };
const measure = async (): Promise<void> => {
  ours.build.push(...(await timeRuns(() => (baseline = buildBaseline(fresh(reference), { source, createdAt: '2024-05-01T00:00:00Z' })), repeat)));
  const b = baseline!;
  ours.check.push(...(await timeRuns(() => (last = checkDrift(b, fresh(batch), { registry, rng: createRng(1) })), repeat)));
};

await measure();
const peerDir = resolve(dirname(fileURLToPath(import.meta.url)), 'peers');
const peer = runPeer('drift_table.py', ['--rows', String(rows), '--cols', String(cols), '--repeat', String(peerRepeat)], peerDir);
await measure();

const find = (bench: string): PeerRecord => {
  const r = peer.find((p) => p.bench === bench);
  if (!r) throw new Error(`peer record ${bench} missing`);
  return r;
};
const scipy = find('scipy per-column ks_2samp+wasserstein_distance+psi');
const params = { rows, cols, shifted_cols: Array.from({ length: cols }, (_, j) => j).filter(isShifted).length, shift: SHIFT };
const runs = (xs: readonly number[]): number[] => xs.map((x) => Math.round(x * 1e3) / 1e3);
const peerExtra = { peer_runs_s: scipy.runs_s, peer_other_cpu_cores: scipy['other_cpu_cores'] ?? null };
console.log(JSON.stringify({ bench: 'buildBaseline', params, median_s: Math.round(median(ours.build) * 1e4) / 1e4, runs_s: runs(ours.build) }));
reportRatio('checkDrift', { ...params, tests: 'ks+psi+wasserstein per column, correlation-shift', mmd: false }, ours.check, scipy, { antidote_runs_s: runs(ours.check), ...peerExtra });
const buildPlusCheck = ours.build.map((b, i) => b + ours.check[i]!);
reportRatio('buildBaseline+checkDrift', params, buildPlusCheck, scipy, { antidote_runs_s: runs(buildPlusCheck), ...peerExtra });

const expected = batch.columns.filter((_, j) => isShifted(j)).map((c) => c.name);
const flagged = [...last!.driftedColumns].sort();
const correlation = last!.results.find((r) => r.test === 'correlation-shift');
console.log(
  JSON.stringify({
    bench: 'drift-table flags',
    drifted_columns: flagged.length,
    flagged,
    expected,
    correct: flagged.join() === expected.join(),
    correlation_shift: correlation ? { drifted: correlation.drifted, pValue: correlation.pValue, effectSize: correlation.effectSize, details: correlation.details } : null,
  }),
);
