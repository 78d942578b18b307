import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { disposeMatmulBackends } from '../kernels/matmul.js';
import { f64, loadPoisonFixture, type SoftmaxCase } from '../../test/fixtures/poison/poison-fixtures.js';
import { SoftmaxRegression } from './softmax-regression.js';

afterAll(disposeMatmulBackends);

const { cases } = loadPoisonFixture<{ cases: SoftmaxCase[] }>('softmax.json');

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function expectInvalid(fn: () => unknown): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(isAntidoteError(caught, 'invalid_input'), String(caught)).toBe(true);
}

// scikit-learn's lbfgs stops on its ftol (64 eps relative decrease), within ~1e-4 of the optimum
// in probability; the fixture script also polishes scikit-learn's own objective to a gradient
// below 1e-10. A converged fit must match the optimum to 1e-7 and scikit-learn's output to 1e-4.
describe('SoftmaxRegression against scikit-learn LogisticRegression(multinomial)', () => {
  for (const c of cases) {
    it(`matches the optimum of scikit-learn's objective and its predict_proba: ${c.name}`, async () => {
      const model = await new SoftmaxRegression({ C: c.C, maxIterations: 5000, tolerance: 1e-10 }).fit(f64(c.x), {
        codes: Int32Array.from(c.labels),
        classes: c.classes,
      });
      expect(model.fitSummary().converged).toBe(true);
      const p = await model.predictProba(f64(c.x));
      const pNew = await model.predictProba(f64(c.xNew));
      expect(maxAbsDiff(p, c.proba.data)).toBeLessThan(1e-7);
      expect(maxAbsDiff(pNew, c.probaNew.data)).toBeLessThan(1e-7);
      expect(maxAbsDiff(p, c.probaSklearn.data)).toBeLessThan(1e-4);
      expect(maxAbsDiff(pNew, c.probaNewSklearn.data)).toBeLessThan(1e-4);
    });
  }

  it('is within 1e-4 of the optimum with the default budget (100 iterations, tolerance 1e-6)', async () => {
    for (const c of cases) {
      const model = await new SoftmaxRegression({ C: c.C }).fit(f64(c.x), { codes: Int32Array.from(c.labels), classes: c.classes });
      expect(maxAbsDiff(await model.predictProba(f64(c.x)), c.proba.data), c.name).toBeLessThan(1e-4);
    }
  });
});

describe('SoftmaxRegression behaviour', () => {
  const c = cases[0]!;
  const x = f64(c.x);
  const labels = { codes: Int32Array.from(c.labels), classes: c.classes };

  it('is deterministic and its rows of probabilities sum to 1', async () => {
    const a = await (await new SoftmaxRegression().fit(x, labels)).predictProba(x);
    const b = await (await new SoftmaxRegression().fit(x, labels)).predictProba(x);
    expect(Array.from(a)).toEqual(Array.from(b));
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (let k = 0; k < c.classes; k++) s += a[i * c.classes + k]!;
      expect(s).toBeCloseTo(1, 12);
    }
  });

  it('leaves rows labelled -1 out of the fit', async () => {
    const codes = Int32Array.from(c.labels);
    const extra = { rows: x.rows + 2, cols: x.cols, data: new Float64Array((x.rows + 2) * x.cols) };
    extra.data.set(x.data);
    extra.data.fill(50, x.rows * x.cols);
    const withMissing = Int32Array.from([...codes, -1, -1]);
    const a = await (await new SoftmaxRegression().fit(x, labels)).predictProba(x);
    const b = await (await new SoftmaxRegression().fit(extra, { codes: withMissing, classes: c.classes })).predictProba(x);
    expect(maxAbsDiff(a, b)).toBe(0);
  });

  it('rejects bad settings, bad input and use before fit with invalid_input', async () => {
    await expectInvalid(() => new SoftmaxRegression({ C: 0 }));
    await expectInvalid(() => new SoftmaxRegression({ maxIterations: 0 }));
    await expectInvalid(() => new SoftmaxRegression().predictProba(x));
    await expectInvalid(() => new SoftmaxRegression().fit(x, { codes: new Int32Array(3), classes: 3 }));
    await expectInvalid(() => new SoftmaxRegression().fit(x, { codes: Int32Array.from(c.labels, () => 7), classes: 3 }));
    await expectInvalid(() => new SoftmaxRegression().fit(x, { codes: Int32Array.from(c.labels, () => -1), classes: 3 }));
    const bad = { ...x, data: Float64Array.from(x.data) };
    bad.data[5] = NaN;
    await expectInvalid(() => new SoftmaxRegression().fit(bad, labels));
    const model = await new SoftmaxRegression().fit(x, labels);
    await expectInvalid(() => model.predictProba({ rows: 1, cols: x.cols + 1, data: new Float64Array(x.cols + 1) }));
  });
});
