/**
 * Detection quality on the SpamAssassin corpus (issue 3, "Quality and speed"): a share of the spam
 * (default 20%) is relabelled as ham with a seeded generator, which gives the ground-truth mask of
 * poisoned rows; the e-mails are encoded as hashed TF-IDF (the project's feature encoder, fitted
 * on the poisoned batch without its label), and each label/outlier detector is run alone through
 * `runDetectors` (policy `{ run: [name] }`), then the default combination (no policy). Per run:
 * AUROC of the per-row suspicion against the mask (goal: at least 0.97), precision and recall of
 * the rows `flagged`, and the time. Confident learning alone is the cleanlab-style baseline.
 *
 * Needs the corpus: scripts/install-datasets.sh (npm --no-save, not a dependency).
 *
 *   node --import tsx bench/quality-spam.ts [--rate 0.2] [--seeds 3] [--seed 1]
 *       [--buckets-log2 10] [--detectors confident-learning,knn-label,duplicate-labels,isolation-forest]
 *       [--no-default] [--cl-C 1] [--cl-folds 5] [--cl-max-iterations 100] [--policy policy.json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Dataset } from '../src/core/dataset.js';
import { isAntidoteError } from '../src/core/errors.js';
import { createRng } from '../src/core/rng.js';
import { loadSpamAssassin } from '../src/data/spam-assassin.js';
import { fitFeatureEncoder } from '../src/data/encoding/feature-encoder.js';
import { createDetectorRegistry } from '../src/detectors/detector-registry.js';
import { parseDetectionPolicy, type DetectionPolicy, type DetectorSettings } from '../src/workflows/detection-policy.js';
import { runDetectors } from '../src/workflows/run-detectors.js';
import { auroc } from '../test/contracts/planted-data.js';
import { flipLabels } from './lib/label-flips.js';

const GOAL_AUROC = 0.97;

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '0.2' },
    seeds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'buckets-log2': { type: 'string', default: '10' },
    detectors: { type: 'string', default: 'confident-learning,knn-label,duplicate-labels,isolation-forest' },
    'no-default': { type: 'boolean', default: false },
    'cl-C': { type: 'string' },
    'cl-folds': { type: 'string' },
    'cl-max-iterations': { type: 'string' },
    policy: { type: 'string' },
  },
});

function num(text: string | undefined, flag: string, check: (n: number) => boolean, what: string): number {
  const n = Number(text);
  if (text === undefined || !check(n)) throw new Error(`${flag} must be ${what}, got ${String(text)}`);
  return n;
}
const rate = num(values.rate, '--rate', (n) => n > 0 && n < 1, 'a share in (0, 1)');
const seeds = num(values.seeds, '--seeds', (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
const firstSeed = num(values.seed, '--seed', (n) => Number.isInteger(n), 'an integer');
const bucketsLog2 = num(values['buckets-log2'], '--buckets-log2', (n) => Number.isInteger(n) && n >= 4 && n <= 20, 'an integer in 4..20');
const single = values.detectors.split(',').map((s) => s.trim()).filter(Boolean);

// Confident learning's own parameters (its factory takes them through the policy's params).
const clParams: Record<string, number> = {};
if (values['cl-C'] !== undefined) clParams.C = num(values['cl-C'], '--cl-C', (n) => n > 0, 'a positive number');
if (values['cl-folds'] !== undefined) clParams.folds = num(values['cl-folds'], '--cl-folds', (n) => Number.isInteger(n) && n >= 2, 'an integer of at least 2');
if (values['cl-max-iterations'] !== undefined) {
  clParams.maxIterations = num(values['cl-max-iterations'], '--cl-max-iterations', (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
}
// A detection policy file (weights, thresholds, params per detector; its `run` list is ignored):
// applied to every run; --cl-* flags override its confident-learning params.
const filePolicy: DetectionPolicy = values.policy
  ? parseDetectionPolicy(JSON.parse(readFileSync(values.policy, 'utf8')) as unknown, [...createDetectorRegistry().keys()], values.policy)
  : {};
const detectorSettings: Record<string, DetectorSettings> = { ...(filePolicy.detectors ?? {}) };
if (Object.keys(clParams).length) {
  const cl = detectorSettings['confident-learning'];
  detectorSettings['confident-learning'] = { ...cl, params: { ...(cl?.params ?? {}), ...clParams } };
}
const { run: _ignored, ...policyRest } = filePolicy;
const basePolicy: DetectionPolicy = { ...policyRest, detectors: detectorSettings };
const customised = values.policy !== undefined || Object.keys(clParams).length > 0;

interface Measure {
  readonly run: string;
  readonly seed: number;
  readonly auroc: number;
  readonly precision: number;
  readonly recall: number;
  readonly flagged: number;
  readonly detectorMs: number;
  readonly wallMs: number;
}

let corpus: Dataset;
try {
  const t0 = performance.now();
  corpus = await loadSpamAssassin();
  console.error(`loaded ${corpus.rowCount} e-mails in ${Math.round(performance.now() - t0)} ms`);
} catch (e) {
  if (isAntidoteError(e, 'unsupported')) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const registry = createDetectorRegistry();
const runs: { name: string; policy: DetectionPolicy | undefined }[] = [
  ...single.map((name) => ({ name, policy: { ...basePolicy, run: [name] } as DetectionPolicy })),
  ...(values['no-default'] ? [] : [{ name: 'default combination', policy: customised ? basePolicy : undefined }]),
];
const measures: Measure[] = [];
let defaultMembers = '';

for (let s = 0; s < seeds; s++) {
  const seed = firstSeed + s;
  const { batch, mask, flipped } = flipLabels(corpus, 'label', rate, { kind: 'targeted', source: 'spam', target: 'ham' }, seed);
  const te = performance.now();
  const encoder = fitFeatureEncoder(batch, { exclude: ['label'], textBucketsLog2: bucketsLog2 });
  console.error(`seed ${seed}: ${flipped} spam relabelled as ham; encoder fitted in ${Math.round(performance.now() - te)} ms (${1 << bucketsLog2} TF-IDF buckets)`);
  for (const { name, policy } of runs) {
    const t0 = performance.now();
    const result = await runDetectors(batch, { registry, rng: createRng(1000 + seed), label: 'label', encoder, ...(policy ? { policy } : {}) });
    const wallMs = performance.now() - t0;
    if (!policy?.run) defaultMembers = result.detectors.join(' + ');
    for (const sk of result.skipped) console.error(`  ${name}: skipped ${sk.detector} (${sk.why})`);
    const suspicion = Float64Array.from(result.rows, (r) => r.suspicion);
    let flaggedCount = 0;
    let hits = 0;
    let positives = 0;
    for (const r of result.rows) {
      if (mask[r.index]) positives++;
      if (!r.flagged) continue;
      flaggedCount++;
      if (mask[r.index]) hits++;
    }
    const m: Measure = {
      run: name,
      seed,
      auroc: auroc(suspicion, mask),
      precision: flaggedCount ? hits / flaggedCount : NaN,
      recall: positives ? hits / positives : NaN,
      flagged: flaggedCount,
      detectorMs: result.outcomes.reduce((a, o) => a + o.ms, 0),
      wallMs,
    };
    measures.push(m);
    console.log(JSON.stringify({ bench: 'quality-spam', rate, bucketsLog2, ...m, auroc: round(m.auroc, 4), precision: round(m.precision, 4), recall: round(m.recall, 4), wallMs: Math.round(wallMs), detectors: result.detectors }));
  }
}

function round(x: number, d: number): number {
  return Number.isNaN(x) ? NaN : Math.round(x * 10 ** d) / 10 ** d;
}
function meanSd(xs: number[], digits = 3): string {
  const ok = xs.filter((x) => !Number.isNaN(x));
  if (ok.length === 0) return '—';
  const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
  if (ok.length === 1) return mean.toFixed(digits);
  const sd = Math.sqrt(ok.reduce((a, b) => a + (b - mean) ** 2, 0) / (ok.length - 1));
  return `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

const params = customised ? `; policy ${JSON.stringify(basePolicy)}` : '';
console.log('');
console.log(`SpamAssassin, ${corpus.rowCount} e-mails, ${Math.round(rate * 100)}% of spam relabelled as ham, hashed TF-IDF (${1 << bucketsLog2} buckets), seeds ${firstSeed}..${firstSeed + seeds - 1} (mean ± sd)${params}`);
console.log('');
console.log(`| detector | AUROC | goal ≥ ${GOAL_AUROC} | precision (flagged) | recall (flagged) | flagged rows | detector time (median) |`);
console.log('|---|---|---|---|---|---|---|');
for (const { name } of runs) {
  const ms = measures.filter((m) => m.run === name);
  const meanAuroc = ms.reduce((a, m) => a + m.auroc, 0) / ms.length;
  const label = name === 'default combination' && defaultMembers ? `default combination (${defaultMembers})` : name;
  const goal = meanAuroc >= GOAL_AUROC ? 'met' : `missed by ${(GOAL_AUROC - meanAuroc).toFixed(3)}`;
  console.log(
    `| ${label} | ${meanSd(ms.map((m) => m.auroc))} | ${goal} | ${meanSd(ms.map((m) => m.precision))} | ${meanSd(ms.map((m) => m.recall))} | ${meanSd(ms.map((m) => m.flagged), 0)} | ${(median(ms.map((m) => m.detectorMs)) / 1000).toFixed(2)} s |`,
  );
}
