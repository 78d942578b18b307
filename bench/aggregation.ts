/**
 * Robust-aggregation benchmark: Antidote's coordinate-wise median, trimmed mean and Krum over
 * --clients x --params float32 updates (default 100 x 1,000,000, 10 of them scaled outliers, as
 * the peer), against numpy/scipy in `../shared/peers/bench_aggregation.py` run in the same
 * command. One JSON line per comparison; speedup_vs_peer above 1 means Antidote is faster.
 *
 * The round is stacked as consecutive rows of one buffer (as the peer's X): Krum's Gram matrix
 * then reads it in place. The median and trimmed mean copy the worker's half into shared memory
 * on every call (timed); the `shared` lines show the same rules when the server already keeps
 * the round in a SharedArrayBuffer.
 *
 *   node --import tsx bench/aggregation.ts [--clients 100] [--params 1000000] [--beta 0.1] [--byzantine 10] [--repeat 3]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { ClientUpdate } from '../src/core/aggregator.js';
import { createRng } from '../src/core/rng.js';
import { clientSquaredDistances } from '../src/federated/aggregation/client-distances.js';
import { coordinateMedian } from '../src/federated/aggregation/coordinate-median.js';
import { krum } from '../src/federated/aggregation/krum.js';
import { trimmedMean } from '../src/federated/aggregation/trimmed-mean.js';
import { disposeMatmulBackends } from '../src/kernels/matmul.js';
import { reportRatio, runPeer, timeRuns, type PeerRecord } from './lib/peers.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    params: { type: 'string', default: '1000000' },
    beta: { type: 'string', default: '0.1' },
    byzantine: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '3' },
  },
});
const n = Number(values.clients);
const d = Number(values.params);
const beta = Number(values.beta);
const f = Number(values.byzantine);
const repeat = Number(values.repeat);

function round(buffer: ArrayBufferLike): ClientUpdate[] {
  const rng = createRng(0);
  const all = new Float32Array(buffer);
  for (let i = 0; i < all.length; i++) all[i] = rng.normal();
  return Array.from({ length: n }, (_, i) => {
    const values = all.subarray(i * d, (i + 1) * d);
    if (i < f) for (let p = 0; p < d; p++) values[p]! *= 10;
    return { values, numExamples: 1 };
  });
}

function peer(records: readonly PeerRecord[], name: string): PeerRecord {
  const r = records.find((x) => x.bench === name);
  if (!r) throw new Error(`peer printed no "${name}" record`);
  return r;
}

const params = { clients: n, params: d, dtype: 'float32', threads: Math.min(2, availableParallelism()) };
const peerRecords = runPeer('bench_aggregation.py', ['--clients', String(n), '--params', String(d), '--beta', String(beta), '--byzantine', String(f), '--repeat', String(repeat), '--skip-naive-krum']);
const plain = round(new ArrayBuffer(n * d * 4));

const median = await timeRuns(() => coordinateMedian(plain), repeat);
reportRatio('antidote.coordinateMedian', params, median, peer(peerRecords, 'numpy.median(axis=0)'));
const trimmed = await timeRuns(() => trimmedMean(plain, { beta }), repeat);
reportRatio('antidote.trimmedMean', { ...params, beta }, trimmed, peer(peerRecords, 'scipy.stats.trim_mean(axis=0)'));
let selected = -1;
const krumRuns = await timeRuns(async () => {
  const squaredDistances = await clientSquaredDistances(plain);
  const chosen = krum(plain, { f, squaredDistances });
  selected = plain.findIndex((u) => u.values[0] === chosen[0] && u.values[1] === chosen[1]);
}, repeat);
const krumPeer = peer(peerRecords, 'krum_scores(gram X@X.T float32)');
reportRatio('antidote.krum(gram on onnxruntime)', { ...params, f }, krumRuns, krumPeer, { selected, peer_selected: krumPeer['selected'] });

const shared = round(new SharedArrayBuffer(n * d * 4));
const medianShared = await timeRuns(() => coordinateMedian(shared), repeat);
reportRatio('antidote.coordinateMedian(shared buffer)', params, medianShared, peer(peerRecords, 'numpy.median(axis=0)'));
const trimmedShared = await timeRuns(() => trimmedMean(shared, { beta }), repeat);
reportRatio('antidote.trimmedMean(shared buffer)', { ...params, beta }, trimmedShared, peer(peerRecords, 'scipy.stats.trim_mean(axis=0)'));
await disposeMatmulBackends();
