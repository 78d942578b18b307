import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { createDeepKnn, deepKnnK } from './deep-knn.js';

afterAll(disposeMatmulBackends);

describe('deepKnnK', () => {
  it('is twice the expected poisons per class (contamination x median class size), within [3, 200]', () => {
    expect(deepKnnK(0.1, [200, 200])).toBe(40);
    expect(deepKnnK(0.05, [100, 300, 500])).toBe(30);
    expect(deepKnnK(0.01, [50, 50])).toBe(3);
    expect(deepKnnK(0.2, [6000, 6000])).toBe(200);
  });
});

describe('deep-knn', () => {
  /** One row at the origin, and k = 5 neighbours around it with chosen labels. */
  function star(centreLabel: number, neighbourLabels: number[]): { x: Matrix<Float32Array>; codes: Int32Array } {
    const n = neighbourLabels.length + 1;
    const data = new Float32Array(n * 2);
    neighbourLabels.forEach((_, j) => {
      data[(j + 1) * 2] = Math.cos(j);
      data[(j + 1) * 2 + 1] = Math.sin(j);
    });
    return { x: { rows: n, cols: 2, data }, codes: Int32Array.from([centreLabel, ...neighbourLabels]) };
  }

  it("flags a row exactly when another label has strictly more of its neighbours' votes", async () => {
    const cases: [number, number[], boolean][] = [
      [0, [1, 1, 2, 0, 2], true], // own label 1 vote, labels 1 and 2 have 2 each
      [0, [0, 0, 1, 1, 2], false], // a tie for the plurality does not flag
      [2, [0, 0, 0, 2, 2], true], // label 0 has the plurality
      [1, [1, 1, 1, 0, 0], false],
    ];
    for (const [label, around, flagged] of cases) {
      const { x, codes } = star(label, around);
      const d = await createDeepKnn({ rng: createRng(1), k: 5 }).fit(x, { codes, classes: 3 });
      const p = await d.predict(x, { codes, classes: 3 });
      expect(p[0], `${label} among ${around.join(',')}`).toBe(flagged ? -1 : 1);
    }
  });

  it('picks k from the contamination and the class sizes unless given', async () => {
    const rng = createRng(2);
    const n = 400;
    const x: Matrix<Float32Array> = { rows: n, cols: 3, data: Float32Array.from({ length: n * 3 }, () => rng.normal()) };
    const codes = Int32Array.from({ length: n }, (_, i) => i % 2);
    const d = await createDeepKnn({ rng: createRng(1), contamination: 0.05 }).fit(x, { codes, classes: 2 });
    expect(d.fittedK()).toBe(20);
    expect(d.fittedOffset()).toBe(0);
  });
});
