/**
 * Outlier detectors against scikit-learn (shared/peers/bench_outliers.py), in one command:
 * isolation forest fit + score on 1M x 32, LOF (k = 20) fit on 100k x 32, k-means (k = 10) fit
 * on 100k x 32 blobs. Data are generated here with the peer's shape and distribution (standard
 * normal float32, 1% of rows scaled by 3 as planted outliers; k-means: k blobs with centres
 * ~ N(0, 5² I), unit spread), from our own seeded generator. Our runs are split around the
 * peer's (A B A) so that load drifting during the command hits both; one JSON line per
 * comparison, ratio > 1 meaning we are faster.
 *
 *   node --import tsx bench/outliers.ts [iforest|lof|kmeans|all] [--repeat N] [--iforest-rows N]
 *       [--lof-rows N] [--kmeans-rows N] [--lof-search auto|exact|approximate]
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Matrix } from '../src/core/matrix.js';
import { createRng } from '../src/core/rng.js';
import { IsolationForest } from '../src/detectors/outlier/isolation-forest.js';
import { kMeans } from '../src/detectors/outlier/k-means.js';
import { LocalOutlierFactor } from '../src/detectors/outlier/local-outlier-factor.js';
import { NEIGHBOUR_SEARCHES, type NeighbourSearch } from '../src/detectors/outlier/nearest-neighbours.js';
import { auroc } from '../test/contracts/planted-data.js';
import { reportRatio, runPeer, timeRuns, type PeerRecord } from './lib/peers.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    repeat: { type: 'string' },
    'iforest-rows': { type: 'string', default: '1000000' },
    'lof-rows': { type: 'string', default: '100000' },
    'kmeans-rows': { type: 'string', default: '100000' },
    'lof-search': { type: 'string', default: 'auto' },
  },
});
const which = positionals[0] ?? 'all';
if (!['iforest', 'lof', 'kmeans', 'all'].includes(which)) throw new Error(`unknown benchmark "${which}"; choose iforest, lof, kmeans or all`);
const lofSearch = values['lof-search'] as NeighbourSearch;
if (!NEIGHBOUR_SEARCHES.includes(lofSearch)) throw new Error(`--lof-search must be one of ${NEIGHBOUR_SEARCHES.join(', ')}`);
const D = 32;
const CONTAMINATION = 0.01;

function positiveInt(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${text}`);
  return n;
}

/** The peer's `make_data`: standard normal rows, a `contamination` share of them scaled by 3. */
function plantedGaussian(n: number, seed: number): { x: Matrix<Float32Array>; outlier: Uint8Array } {
  const rng = createRng(seed);
  const data = new Float32Array(n * D);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  const outlier = new Uint8Array(n);
  const m = Math.round(n * CONTAMINATION);
  for (let planted = 0; planted < m; ) {
    const i = rng.nextInt(n);
    if (outlier[i]) continue;
    outlier[i] = 1;
    planted++;
    for (let j = 0; j < D; j++) data[i * D + j] = data[i * D + j]! * 3;
  }
  return { x: { rows: n, cols: D, data }, outlier };
}

/** The peer's `make_blobs`: k centres ~ N(0, 5² I), each row a centre plus N(0, I). */
function blobs(n: number, k: number, seed: number): Matrix<Float32Array> {
  const rng = createRng(seed);
  const centres = Float32Array.from({ length: k * D }, () => 5 * rng.normal());
  const data = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    const c = rng.nextInt(k);
    for (let j = 0; j < D; j++) data[i * D + j] = rng.normal() + centres[c * D + j]!;
  }
  return { rows: n, cols: D, data };
}

/** A AUROC on a sample of rows (the full pairwise count is quadratic). */
function sampledAuroc(scores: Float64Array, outlier: Uint8Array): number {
  const rng = createRng(99);
  const idx = Array.from({ length: Math.min(20_000, scores.length) }, () => rng.nextInt(scores.length));
  return Math.round(auroc(idx.map((i) => -scores[i]!), Uint8Array.from(idx, (i) => outlier[i]!)) * 1e4) / 1e4;
}

const env = { threads: availableParallelism(), load_before: Math.round(loadavg()[0]! * 100) / 100 };

/** Our runs, the peer, our runs again; the peer's first record. */
async function abA(fn: () => Promise<unknown>, repeat: number, peer: () => PeerRecord[]): Promise<{ ours: number[]; peer: PeerRecord }> {
  const first = await timeRuns(fn, repeat);
  const records = peer();
  const second = await timeRuns(fn, repeat);
  return { ours: [...first, ...second], peer: records[0]! };
}

async function benchIforest(): Promise<void> {
  const n = positiveInt(values['iforest-rows'], '--iforest-rows');
  const repeat = positiveInt(values.repeat ?? '1', '--repeat');
  const { x, outlier } = plantedGaussian(n, 1);
  let scores: Float64Array = new Float64Array(0);
  const run = async (): Promise<void> => {
    const forest = await new IsolationForest({ rng: createRng(0), nEstimators: 100, contamination: CONTAMINATION }).fit(x);
    scores = await forest.scoreSamples(x);
  };
  const { ours, peer } = await abA(run, repeat, () => runPeer('bench_outliers.py', ['iforest', `${n}x${D}`, '--repeat', String(repeat)]));
  reportRatio('antidote.IsolationForest.fit+scoreSamples', { n, d: D, n_estimators: 100, max_samples: 256 }, ours, peer, {
    ...env,
    runs_s: ours.map((s) => Math.round(s * 1000) / 1000),
    auroc_planted: sampledAuroc(scores, outlier),
    peer_auroc_planted: peer['auroc_planted'],
    goal: 'speedup_vs_peer >= 3',
  });
}

async function benchLof(): Promise<void> {
  const n = positiveInt(values['lof-rows'], '--lof-rows');
  const repeat = positiveInt(values.repeat ?? '1', '--repeat');
  const { x, outlier } = plantedGaussian(n, 2);
  let detector: LocalOutlierFactor | undefined;
  let scores: Float64Array = new Float64Array(0);
  const run = async (): Promise<void> => {
    detector = await new LocalOutlierFactor({ rng: createRng(0), nNeighbors: 20, search: lofSearch, contamination: CONTAMINATION }).fit(x);
    scores = await detector.scoreSamples(x);
  };
  const { ours, peer } = await abA(run, repeat, () => runPeer('bench_outliers.py', ['lof', `${n}x${D}`, '--neighbors', '20', '--repeat', String(repeat)]));
  const recall = detector?.neighbourRecall;
  reportRatio('antidote.LocalOutlierFactor.fit', { n, d: D, n_neighbors: 20, search: lofSearch }, ours, peer, {
    ...env,
    runs_s: ours.map((s) => Math.round(s * 1000) / 1000),
    neighbours: recall ? 'approximate' : 'exact',
    neighbour_recall: recall ? Math.round(recall.recall * 1e4) / 1e4 : 1,
    recall_sampled_rows: recall?.sampled ?? null,
    auroc_planted: sampledAuroc(scores, outlier),
    peer_auroc_planted: peer['auroc_planted'],
    goal: 'speedup_vs_peer >= 3',
  });
}

async function benchKmeans(): Promise<void> {
  const n = positiveInt(values['kmeans-rows'], '--kmeans-rows');
  const repeat = positiveInt(values.repeat ?? '5', '--repeat');
  const k = 10;
  const x = blobs(n, k, 3);
  let last: Awaited<ReturnType<typeof kMeans>> | undefined;
  const run = async (): Promise<void> => {
    last = await kMeans(x, k, { rng: createRng(0), maxIter: 300, tol: 1e-4 });
  };
  const { ours, peer } = await abA(run, repeat, () => runPeer('bench_outliers.py', ['kmeans', `${n}x${D}`, '--k', String(k), '--repeat', String(repeat)]));
  reportRatio('antidote.kMeans', { n, d: D, k, init: 'k-means++', data: 'blobs' }, ours, peer, {
    ...env,
    n_iter: last?.iterations,
    peer_n_iter: peer['n_iter'],
    goal: 'speedup_vs_peer >= 1',
  });
}

if (which === 'kmeans' || which === 'all') await benchKmeans();
if (which === 'iforest' || which === 'all') await benchIforest();
if (which === 'lof' || which === 'all') await benchLof();
