/**
 * Matrix-product benchmark: Antidote's `matmul` (onnxruntime path) against numpy's `A @ B` at
 * --size (default 2048), the plain TypeScript reference against numpy at --ref-size (default 512,
 * it is slow), and the reference/onnxruntime crossover on small products that fixes
 * MATMUL_ONNX_MIN_MULTIPLY_ADDS. The numpy peer runs in the same command; one JSON line per
 * comparison.
 *
 *   node --import tsx bench/matmul.ts [--size 2048] [--repeat 3] [--ref-size 512] [--no-crossover]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { Matrix } from '../src/core/matrix.js';
import { createRng } from '../src/core/rng.js';
import { MATMUL_ONNX_MIN_MULTIPLY_ADDS, chooseMatmulBackend, disposeMatmulBackends, matmul } from '../src/kernels/matmul.js';
import { median, reportRatio, runPeer, timeRuns, type PeerRecord } from './lib/peers.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '2048' },
    repeat: { type: 'string', default: '3' },
    'ref-size': { type: 'string', default: '512' },
    'no-crossover': { type: 'boolean', default: false },
  },
});
const size = positiveInt(values.size, '--size');
const repeat = positiveInt(values.repeat, '--repeat');
const refSize = positiveInt(values['ref-size'], '--ref-size');

function positiveInt(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${text}`);
  return n;
}

function randomSquare<T extends Float32Array | Float64Array>(ctor: new (n: number) => T, n: number, seed: number): Matrix<T> {
  const rng = createRng(seed);
  const data = new ctor(n * n);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { rows: n, cols: n, data };
}

const gflops = (n: number, seconds: number): number => Math.round((2 * n ** 3) / seconds / 1e7) / 100;

function peerFor(records: readonly PeerRecord[], dtype: string): PeerRecord {
  const r = records.find((x) => x.params['dtype'] === dtype);
  if (!r) throw new Error(`numpy peer printed no ${dtype} record`);
  return r;
}

async function compare(name: string, n: number, dtype: 'float32' | 'float64', backend: 'auto' | 'reference', peer: PeerRecord): Promise<void> {
  const ctor = dtype === 'float32' ? Float32Array : Float64Array;
  const a = randomSquare<Float32Array | Float64Array>(ctor, n, 1);
  const b = randomSquare<Float32Array | Float64Array>(ctor, n, 2);
  const runs = await timeRuns(() => matmul(a, b, { backend }), repeat);
  const ours = gflops(n, median(runs));
  const theirs = gflops(n, peer.median_s);
  reportRatio(name, { n, dtype, repeat }, runs, peer, {
    backend: backend === 'auto' ? chooseMatmulBackend(n, n, n) : backend,
    threads: availableParallelism(),
    antidote_gflops: ours,
    peer_gflops: theirs,
    gflops_ratio: Math.round((ours / theirs) * 1000) / 1000,
  });
}

/** Median microseconds of one small product on each backend, for the dispatch threshold. */
async function crossover(): Promise<void> {
  for (const n of [16, 24, 32, 40, 48, 64, 96, 128]) {
    const a = randomSquare(Float32Array, n, 3);
    const b = randomSquare(Float32Array, n, 4);
    const per = async (backend: 'reference' | 'onnx'): Promise<number> => {
      const reps = 200;
      const runs = await timeRuns(async () => {
        for (let i = 0; i < reps; i++) await matmul(a, b, { backend });
      }, 5);
      return Math.round((median(runs) / reps) * 1e7) / 10;
    };
    const referenceUs = await per('reference');
    const onnxUs = await per('onnx');
    console.log(
      JSON.stringify({
        bench: 'antidote.matmul.crossover',
        params: { m: n, k: n, n, dtype: 'float32' },
        reference_us: referenceUs,
        onnx_us: onnxUs,
        faster: referenceUs <= onnxUs ? 'reference' : 'onnx',
        auto_picks: chooseMatmulBackend(n, n, n),
        threshold_multiply_adds: MATMUL_ONNX_MIN_MULTIPLY_ADDS,
      }),
    );
  }
}

// Peer first, then ours, alternating per size, all in this one command.
const peerBig = runPeer('bench_linalg.py', ['matmul', '--size', String(size), '--repeat', String(repeat)]);
await compare('antidote.matmul', size, 'float32', 'auto', peerFor(peerBig, 'float32'));
await compare('antidote.matmul', size, 'float64', 'auto', peerFor(peerBig, 'float64'));
const peerSmall = runPeer('bench_linalg.py', ['matmul', '--size', String(refSize), '--repeat', String(repeat)]);
await compare('antidote.matmulReference', refSize, 'float32', 'reference', peerFor(peerSmall, 'float32'));
if (!values['no-crossover']) await crossover();
await disposeMatmulBackends();
