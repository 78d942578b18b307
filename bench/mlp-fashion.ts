/**
 * The built-in MLP on Fashion-MNIST (issue 4, "Built-in models"): trains on the 60,000 training
 * images and reports the accuracy on the 10,000 test images and the wall time of the fit.
 * Goal: at least 87% test accuracy within 2 minutes on this machine (2 shared cores). The CPU
 * seconds of the fit are printed beside the wall time, with the load average, because other
 * processes on the shared cores stretch the wall time.
 * Also prints where the time went: the matrix products (timed by replaying one epoch's products
 * alone) against the rest (element-wise passes, Adam, batch gathering).
 *
 * Needs the data set: `apt-get install -y dataset-fashion-mnist`.
 *
 *   node --import tsx bench/mlp-fashion.ts [--hidden 256,128] [--batch 128] [--epochs 8]
 *       [--lr 1e-3] [--patience 3] [--validation 0.1] [--seed 1] [--limit N]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/rng.js';
import { loadFashionMnist } from '../src/data/fashion-mnist.js';
import { disposeMatmulBackends, matmul, matmulTransposedB } from '../src/kernels/matmul.js';
import { Mlp } from '../src/models/mlp.js';

const GOAL_ACCURACY = 0.87;
const GOAL_SECONDS = 120;

const { values } = parseArgs({
  options: {
    hidden: { type: 'string', default: '256,128' },
    batch: { type: 'string', default: '128' },
    epochs: { type: 'string', default: '8' },
    lr: { type: 'string', default: '1e-3' },
    patience: { type: 'string', default: '3' },
    validation: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    limit: { type: 'string' },
  },
});

const hiddenLayers = values.hidden.split(',').map(Number);
const batchSize = Number(values.batch);
const maxEpochs = Number(values.epochs);
const learningRate = Number(values.lr);
const patience = Number(values.patience);
const validationFraction = Number(values.validation);
const seed = Number(values.seed);
const limit = values.limit === undefined ? undefined : Number(values.limit);

const load0 = loadavg();
const tLoad = performance.now();
const train = await loadFashionMnist({ split: 'train', limit });
const test = await loadFashionMnist({ split: 'test' });
const loadS = (performance.now() - tLoad) / 1000;

const model = new Mlp({ rng: createRng(seed), hiddenLayers, batchSize, maxEpochs, learningRate, patience, validationFraction });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await model.fit(train.x, train.labels, {
  onEpoch: (e) =>
    console.log(
      JSON.stringify({
        epoch: e.epoch,
        train_loss: round(e.trainLoss),
        validation_loss: e.validationLoss === null ? null : round(e.validationLoss),
        validation_accuracy: e.validationAccuracy === null ? null : round(e.validationAccuracy),
        elapsed_s: round((performance.now() - t0) / 1000),
      }),
    ),
});
const fitS = (performance.now() - t0) / 1000;
const fitCpu = process.cpuUsage(cpu0);
// CPU seconds of this process (all its threads, onnxruntime's included): the work itself, which
// the wall time reflects only when no other process competes for the two cores.
const fitCpuS = (fitCpu.user + fitCpu.system) / 1e6;
const t1 = performance.now();
const predicted = await model.predict(test.x);
const predictS = (performance.now() - t1) / 1000;
let right = 0;
for (let i = 0; i < test.x.rows; i++) if (predicted[i] === test.labels.codes[i]) right++;
const accuracy = right / test.x.rows;
const summary = model.fitSummary();
const perEpochS = fitS / summary.epochs;
const matmulS = await oneEpochOfProducts(model.layerSizes(), Math.round(train.x.rows * (1 - validationFraction)), batchSize);

console.log(
  JSON.stringify({
    bench: 'antidote.mlp.fashion_mnist',
    params: { hidden: hiddenLayers, batch: batchSize, max_epochs: maxEpochs, lr: learningRate, patience, validation: validationFraction, seed, train_rows: train.x.rows },
    epochs: summary.epochs,
    best_epoch: summary.bestEpoch,
    test_accuracy: round(accuracy),
    fit_s: round(fitS),
    fit_cpu_s: round(fitCpuS),
    per_epoch_s: round(perEpochS),
    matmul_per_epoch_s: round(matmulS),
    matmul_share: round(matmulS / perEpochS),
    predict_test_s: round(predictS),
    load_s: round(loadS),
    load_average_before: load0.map(round),
    load_average_after: loadavg().map(round),
    goal: `test accuracy >= ${GOAL_ACCURACY} within ${GOAL_SECONDS} s`,
    goal_met: accuracy >= GOAL_ACCURACY && fitS <= GOAL_SECONDS,
  }),
);
await disposeMatmulBackends();

/** The products of one training epoch alone (forward, weight gradients, hidden gradients), on random data of the same shapes. */
async function oneEpochOfProducts(sizes: readonly number[], rows: number, batch: number): Promise<number> {
  const rng = createRng(99);
  const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());
  const weights = sizes.slice(1).map((out, l) => ({ rows: out, cols: sizes[l]!, data: fill(out * sizes[l]!) }));
  const acts = sizes.map((w) => ({ rows: batch, cols: w, data: fill(batch * w) }));
  const start = performance.now();
  for (let done = 0; done < rows; done += batch) {
    for (let l = 0; l < weights.length; l++) await matmulTransposedB(acts[l]!, weights[l]!);
    for (let l = weights.length - 1; l >= 0; l--) {
      const dzT = { rows: sizes[l + 1]!, cols: batch, data: acts[l + 1]!.data }; // same size as dZ, transposed
      await matmul(dzT, acts[l]!);
      if (l > 0) await matmul(acts[l + 1]!, weights[l]!);
    }
  }
  return (performance.now() - start) / 1000;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
