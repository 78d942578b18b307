import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { auroc, plantedLabelFlips } from '../../../test/contracts/planted-data.js';
import { f64, loadPoisonFixture, type CleanlabCase } from '../../../test/fixtures/poison/poison-fixtures.js';
import { createConfidentLearning } from './confident-learning.js';
import { stratifiedFolds } from './stratified-folds.js';

afterAll(disposeMatmulBackends);

const { cases } = loadPoisonFixture<{ cases: CleanlabCase[] }>('cleanlab.json');

async function expectInvalid(fn: () => Promise<unknown>): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(isAntidoteError(caught, 'invalid_input'), String(caught)).toBe(true);
}

/** Any features of the right height: with predProbs the detector does not look at them. */
function someFeatures(rows: number) {
  const rng = createRng(3);
  return { rows, cols: 2, data: Float32Array.from({ length: rows * 2 }, () => rng.normal()) };
}

describe('confident-learning with user-supplied probabilities', () => {
  for (const c of cases) {
    it(`flags exactly cleanlab's label issues: ${c.name}`, async () => {
      const x = someFeatures(c.labels.length);
      const labels = { codes: Int32Array.from(c.labels), classes: c.classes };
      const d = await createConfidentLearning({ rng: createRng(1), predProbs: f64(c.predProbs) }).fit(x, labels);
      expect(Array.from(d.labelIssues())).toEqual(c.issues);
      const predicted = await d.predict(x, labels);
      const flagged: number[] = [];
      predicted.forEach((v, i) => {
        if (v === -1) flagged.push(i);
      });
      expect(flagged).toEqual(c.issues);
      // Score = self-confidence, minus 1 for the issues.
      const s = await d.scoreSamples(x, labels);
      const issues = new Set(c.issues);
      for (let i = 0; i < c.labels.length; i++) {
        expect(s[i]).toBe(c.predProbs.data[i * c.classes + c.labels[i]!]! - (issues.has(i) ? 1 : 0));
      }
      expect(Array.from(d.confidentJoint())).toEqual(c.confidentJoint);
    });
  }

  it('suggests the most probable label with its probability', async () => {
    const c = cases[1]!;
    const d = await createConfidentLearning({ rng: createRng(1), predProbs: f64(c.predProbs) }).fit(someFeatures(c.labels.length), {
      codes: Int32Array.from(c.labels),
      classes: c.classes,
    });
    const { labels, confidence } = d.suggestedLabels();
    for (let i = 0; i < c.labels.length; i++) {
      const row = c.predProbs.data.slice(i * c.classes, (i + 1) * c.classes);
      expect(labels[i]).toBe(row.indexOf(Math.max(...row)));
      expect(confidence[i]).toBe(Math.max(...row));
    }
  });

  it('rejects malformed probabilities, and scoring rows it was not fitted on', async () => {
    const c = cases[0]!;
    const x = someFeatures(c.labels.length);
    const labels = { codes: Int32Array.from(c.labels), classes: c.classes };
    const p = f64(c.predProbs);
    await expectInvalid(() => createConfidentLearning({ rng: createRng(1), predProbs: { rows: 3, cols: 2, data: new Float64Array(6) } }).fit(x, labels));
    const unnormalised = { ...p, data: p.data.map((v) => v * 0.5) };
    await expectInvalid(() => createConfidentLearning({ rng: createRng(1), predProbs: unnormalised }).fit(x, labels));
    const d = await createConfidentLearning({ rng: createRng(1), predProbs: p }).fit(x, labels);
    await expectInvalid(() => d.scoreSamples(someFeatures(5), { codes: new Int32Array(5), classes: c.classes }));
  });
});

describe('confident-learning with the built-in model', () => {
  const data = plantedLabelFlips(11);

  it('finds the flipped labels and suggests the original ones', async () => {
    const d = await createConfidentLearning({ rng: createRng(2) }).fit(data.x, data.labels);
    const issues = Array.from(d.labelIssues());
    const hits = issues.filter((i) => data.poisoned[i]).length;
    const planted = data.poisoned.reduce((s, v) => s + v, 0);
    expect(hits / planted).toBeGreaterThan(0.9);
    expect(hits / issues.length).toBeGreaterThan(0.9);
    const { labels } = d.suggestedLabels();
    for (const i of issues) if (data.poisoned[i]) expect(labels[i]).toBe(1 - data.labels.codes[i]!);
  });

  it('scores a new batch with the model fitted on all the data', async () => {
    const other = plantedLabelFlips(12);
    const d = await createConfidentLearning({ rng: createRng(2) }).fit(data.x, data.labels);
    const s = await d.scoreSamples(other.x, other.labels);
    expect(auroc(Array.from(s, (v) => -v), other.poisoned)).toBeGreaterThan(0.97);
  });

  it('leaves rows without a label out (score 1, never an issue) but still suggests a label for them', async () => {
    const codes = Int32Array.from(data.labels.codes);
    codes[0] = -1;
    codes[1] = -1;
    const d = await createConfidentLearning({ rng: createRng(2) }).fit(data.x, { codes, classes: 2 });
    const s = await d.scoreSamples(data.x, { codes, classes: 2 });
    expect(s[0]).toBe(1);
    expect(s[1]).toBe(1);
    expect(d.labelIssues()).not.toContain(0);
    const { labels, confidence } = d.suggestedLabels();
    expect(labels[0]).toBe(0); // row 0 is of class 0 (i % 2) and not flipped in this seed
    expect(confidence[0]).toBeGreaterThan(0.5);
    expect(data.poisoned[0]).toBe(0);
  });
});

describe('stratifiedFolds', () => {
  it('deals every class evenly over the folds, reproducibly, and leaves unlabelled rows out', () => {
    const codes = Int32Array.from({ length: 103 }, (_, i) => (i % 10 === 9 ? -1 : i % 3));
    const a = stratifiedFolds(codes, 3, 5, createRng(4));
    expect(Array.from(a)).toEqual(Array.from(stratifiedFolds(codes, 3, 5, createRng(4))));
    for (let c = 0; c < 3; c++) {
      const sizes = [0, 0, 0, 0, 0];
      codes.forEach((v, i) => {
        if (v === c) sizes[a[i]!]!++;
      });
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    codes.forEach((v, i) => expect(a[i] === -1).toBe(v === -1));
  });
});
