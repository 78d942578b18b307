/**
 * Two-sample KS and PSI on 1M vs 1M values, side by side with scipy (shared/peers/bench_stats.py).
 *
 *   node --import tsx bench/ks.ts [--n 1000000] [--repeat 3]
 *
 * The samples are standard normal float32 (seeded), the current one shifted by 0.01 like the peer's.
 * Our runs are split around the peer's (A B A) and the medians compared; ratio > 1 means faster.
 */
import { createRng } from '../src/core/rng.js';
import { ksTwoSample } from '../src/stats/ks-two-sample.js';
import { psi } from '../src/stats/psi.js';
import { type PeerRecord, reportRatio, runPeer, timeRuns } from './lib/peers.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const n = arg('n', 1_000_000);
const repeat = arg('repeat', 3);
const rng = createRng(20240501);
const reference = new Float32Array(n);
const current = new Float32Array(n);
for (let i = 0; i < n; i++) reference[i] = rng.normal();
for (let i = 0; i < n; i++) current[i] = Math.fround(rng.normal() + 0.01);
const reference64 = Float64Array.from(reference);
const current64 = Float64Array.from(current);

const work = {
  ks32: () => ksTwoSample(reference, current),
  ks64: () => ksTwoSample(reference64, current64),
  psi: () => psi(reference, current, { bins: 10 }),
};
const ours: Record<keyof typeof work, number[]> = { ks32: [], ks64: [], psi: [] };
const measure = async (): Promise<void> => {
  for (const key of Object.keys(work) as (keyof typeof work)[]) ours[key].push(...(await timeRuns(work[key], repeat)));
};

await measure();
const peer = runPeer('bench_stats.py', ['--n', String(n), '--repeat', String(repeat)]);
await measure();

const find = (bench: string, dtype?: string): PeerRecord => {
  const r = peer.find((p) => p.bench === bench && (dtype === undefined || p.params['dtype'] === dtype));
  if (!r) throw new Error(`peer record ${bench} ${dtype ?? ''} missing`);
  return r;
};
const ks = work.ks32();
const ks64 = work.ks64();
const p = work.psi();
reportRatio('ksTwoSample', { n_ref: n, n_cur: n, dtype: 'float32', method: ks.method }, ours.ks32, find('scipy.stats.ks_2samp', 'float32'), {
  statistic: Math.round(ks.statistic * 1e6) / 1e6,
  pvalue: ks.pValue,
});
reportRatio('ksTwoSample', { n_ref: n, n_cur: n, dtype: 'float64', method: ks64.method }, ours.ks64, find('scipy.stats.ks_2samp', 'float64'), {
  statistic: Math.round(ks64.statistic * 1e6) / 1e6,
  pvalue: ks64.pValue,
});
reportRatio('psi', { n_ref: n, n_cur: n, bins: 10, dtype: 'float32' }, ours.psi, find('psi(quantile bins)'), { psi: Math.round(p.statistic * 1e6) / 1e6 });
