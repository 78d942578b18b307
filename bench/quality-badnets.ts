/**
 * Backdoor detection quality on Fashion-MNIST (issue 3, "Quality and speed"): BadNets (Gu et al.
 * 2017) — a 3×3 white patch in the bottom-right corner on 5% of the training images, relabelled to
 * the target class — detected on raw pixels and on the penultimate-layer embeddings of an MLP
 * trained in the project on the poisoned images (as the victim would train it). Each detector runs
 * alone through `runDetectors`, then the default combination. Per run: AUROC of the per-row
 * suspicion against the ground-truth mask, recall at a 5% false-positive rate (goal ≥ 0.95: the
 * suspicion threshold is the 95th percentile over clean rows), and precision/recall of the rows
 * flagged. Spectral signatures alone is the plain baseline; confident learning the cleanlab-style one.
 * Also prints the victim model's clean test accuracy and the attack success rate.
 *
 * Needs Fashion-MNIST: apt-get install -y dataset-fashion-mnist (scripts/install-datasets.sh).
 *
 *   node --import tsx bench/quality-badnets.ts [--rows 10000] [--rate 0.05] [--target 0] [--seed 1]
 *       [--hidden 256,128] [--epochs 10] [--representations pixels,embeddings]
 */
import { parseArgs } from 'node:util';
import { applyPatchTrigger, imagePatchBackdoor, type PatchTrigger } from '../src/attacks/index.js';
import type { Dataset } from '../src/core/dataset.js';
import type { Matrix } from '../src/core/matrix.js';
import { createRng } from '../src/core/rng.js';
import { FASHION_MNIST_CLASSES, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { createDetectorRegistry } from '../src/detectors/detector-registry.js';
import { Mlp } from '../src/models/mlp.js';
import { runDetectors } from '../src/workflows/run-detectors.js';
import { auroc } from '../test/contracts/planted-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '0.05' },
    target: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    hidden: { type: 'string', default: '256,128' },
    epochs: { type: 'string', default: '10' },
    representations: { type: 'string', default: 'pixels,embeddings' },
    detectors: { type: 'string', default: 'spectral-signatures,activation-clustering,spectre,deep-knn,confident-learning,knn-label,isolation-forest' },
  },
});
const rows = Number(values.rows);
const rate = Number(values.rate);
const target = Number(values.target);
const seed = Number(values.seed);
const hidden = values.hidden.split(',').map(Number);
const epochs = Number(values.epochs);
const detectors = values.detectors.split(',');
const GOAL_RECALL = 0.95;
const FPR = 0.05;

const trigger: PatchTrigger = { shape: { height: 28, width: 28 }, size: 3, value: 1, corner: 'bottom-right' };
const train = await loadFashionMnist({ split: 'train', limit: rows });
const test = await loadFashionMnist({ split: 'test' });
const eligible = train.labels.codes.reduce((a, c) => a + (c !== target ? 1 : 0), 0);
// The 5% is of all training images; the attack's rate is of the eligible (non-target) ones.
const poisoned = imagePatchBackdoor(train.x, train.labels, { target, rate: (rate * rows) / eligible, seed, trigger });
const mask = poisoned.mask;
const xPoisoned: Matrix<Float32Array> = { rows: poisoned.x.rows, cols: poisoned.x.cols, data: Float32Array.from(poisoned.x.data) };
const labels = { codes: poisoned.labels, classes: 10 };
console.error(`Fashion-MNIST: ${rows} training images, ${mask.reduce((a, b) => a + b, 0)} patched and relabelled as "${FASHION_MNIST_CLASSES[target]}"`);

function asDataset(x: Matrix<Float32Array>, name: string): Dataset {
  return {
    rowCount: x.rows,
    columns: [
      { kind: 'embedding', name, dim: x.cols, values: x.data },
      { kind: 'categorical', name: 'label', codes: labels.codes, categories: FASHION_MNIST_CLASSES.map(String) },
    ],
  };
}

/** Recall of the poisoned rows at the threshold that lets through `fpr` of the clean rows. */
function recallAtFpr(suspicion: Float64Array, positive: Uint8Array, fpr: number): number {
  const clean = Array.from(suspicion).filter((_, i) => !positive[i]).sort((a, b) => a - b);
  const threshold = clean[Math.min(clean.length - 1, Math.floor((1 - fpr) * clean.length))]!;
  let hit = 0;
  let pos = 0;
  for (let i = 0; i < suspicion.length; i++) if (positive[i]) (pos++, suspicion[i]! > threshold && hit++);
  return hit / pos;
}

const representations: { name: string; make: () => Promise<Matrix<Float32Array>> }[] = [];
if (values.representations.includes('pixels')) representations.push({ name: 'pixels (784)', make: async () => xPoisoned });
if (values.representations.includes('embeddings')) {
  representations.push({
    name: `MLP embeddings (${hidden.at(-1)})`,
    make: async () => {
      const t0 = performance.now();
      const model = await new Mlp({ rng: createRng(seed + 11), hiddenLayers: hidden, maxEpochs: epochs }).fit(xPoisoned, labels);
      const pred = await model.predict(test.x);
      let correct = 0;
      for (let i = 0; i < test.x.rows; i++) if (pred[i] === test.labels.codes[i]) correct++;
      const nonTarget = Array.from({ length: test.x.rows }, (_, i) => i).filter((i) => test.labels.codes[i] !== target);
      const triggered = applyPatchTrigger({ rows: nonTarget.length, cols: 784, data: Float32Array.from(nonTarget.flatMap((i) => Array.from(test.x.data.subarray(i * 784, (i + 1) * 784)))) }, trigger);
      const tp = await model.predict({ rows: triggered.rows, cols: 784, data: Float32Array.from(triggered.data) });
      const success = tp.reduce((a, p) => a + (p === target ? 1 : 0), 0) / tp.length;
      console.log(`victim MLP ${hidden.join('-')}: clean test accuracy ${(100 * correct / test.x.rows).toFixed(1)}%, attack success ${(100 * success).toFixed(1)}% (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      return model.embed(xPoisoned);
    },
  });
}

const registry = createDetectorRegistry();
const table: string[] = [];
for (const rep of representations) {
  const x = await rep.make();
  const ds = asDataset(x, 'representation');
  for (const run of [...detectors, 'default']) {
    const t0 = performance.now();
    const result = await runDetectors(ds, { registry, rng: createRng(1000 + seed), label: 'label', ...(run === 'default' ? {} : { policy: { run: [run] } }) });
    const ms = performance.now() - t0;
    const s = Float64Array.from(result.rows, (r) => r.suspicion);
    let tp = 0;
    let flagged = 0;
    for (const r of result.rows) if (r.flagged) (flagged++, mask[r.index] && tp++);
    const pos = mask.reduce((a, b) => a + b, 0);
    // Inside the target class, where every poisoned row is: does the detector rank them first there?
    const inTarget = Array.from({ length: ds.rowCount }, (_, i) => i).filter((i) => labels.codes[i] === target);
    const targetAuroc = auroc(Float64Array.from(inTarget, (i) => s[i]!), Uint8Array.from(inTarget, (i) => mask[i]!));
    const m = { auroc: auroc(s, mask), targetAuroc, recallAt5: recallAtFpr(s, mask, FPR), precision: flagged ? tp / flagged : NaN, recall: tp / pos, flagged };
    const name = run === 'default' ? `default (${result.detectors.join(' + ')})` : run;
    console.log(JSON.stringify({ bench: 'quality-badnets', representation: rep.name, run: name, seed, rows, ...m, seconds: Math.round(ms / 100) / 10 }));
    table.push(`| ${rep.name} | ${name} | ${m.auroc.toFixed(3)} | ${m.targetAuroc.toFixed(3)} | ${m.recallAt5.toFixed(3)} | ${m.recallAt5 >= GOAL_RECALL ? 'met' : 'missed'} | ${Number.isNaN(m.precision) ? '—' : m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${flagged} | ${(ms / 1000).toFixed(1)} s |`);
  }
}
console.log('');
console.log(`Fashion-MNIST BadNets: ${rows} training images, ${(100 * rate).toFixed(0)}% patched (3×3 white, bottom-right) and relabelled "${FASHION_MNIST_CLASSES[target]}", seed ${seed}`);
console.log('');
console.log(`| representation | detector | AUROC | AUROC in the target class | recall at 5% FPR | goal ≥ ${GOAL_RECALL} | precision (flagged) | recall (flagged) | flagged | time |`);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const line of table) console.log(line);
