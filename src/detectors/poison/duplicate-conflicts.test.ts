import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { createDuplicateConflicts } from './duplicate-conflicts.js';

afterAll(disposeMatmulBackends);

function spread(seed: number, rows = 120): Matrix<Float32Array> {
  const rng = createRng(seed);
  return { rows, cols: 3, data: Float32Array.from({ length: rows * 3 }, () => 3 * rng.normal()) };
}

describe('duplicate-labels', () => {
  it('flags exactly the rows of conflicting duplicate groups, the minority label lowest', async () => {
    const x = spread(1);
    const codes = Int32Array.from({ length: x.rows }, (_, i) => i % 2);
    // Rows 10, 20, 30 are copies of row 0 (label 0); row 21 carries label 1, the others 0.
    for (const i of [10, 20, 30]) x.data.copyWithin(i * 3, 0, 3);
    codes[0] = 0;
    codes[10] = 0;
    codes[20] = 0;
    codes[30] = 1;
    // Rows 40 and 41 are copies with the same label: a duplicate, but no conflict.
    x.data.copyWithin(41 * 3, 40 * 3, 41 * 3);
    codes[41] = codes[40]!;
    const labels = { codes, classes: 2 };
    const d = await createDuplicateConflicts({ rng: createRng(1) }).fit(x, labels);
    const p = await d.predict(x, labels);
    const flagged = Array.from(p.keys()).filter((i) => p[i] === -1);
    expect(flagged).toEqual([0, 10, 20, 30]);
    const s = await d.scoreSamples(x, labels);
    expect(s[30]).toBeCloseTo(1 / 4 - 1, 12);
    expect(s[0]).toBeCloseTo(3 / 4 - 1, 12);
    const [conflict] = d.conflicts();
    expect(conflict).toMatchObject({ kind: 'exact', rows: [0, 10, 20, 30], majorityLabel: 0 });
    expect(d.conflicts()).toHaveLength(1);
  });

  it('finds a new row that copies a fitted row under another label', async () => {
    const x = spread(2);
    const codes = Int32Array.from({ length: x.rows }, (_, i) => i % 2);
    const d = await createDuplicateConflicts({ rng: createRng(1) }).fit(x, { codes, classes: 2 });
    const batch: Matrix<Float32Array> = { rows: 2, cols: 3, data: Float32Array.from([...x.data.subarray(15, 18), 50, 50, 50]) };
    const batchLabels = { codes: Int32Array.from([1 - codes[5]!, 0]), classes: 2 };
    const p = await d.predict(batch, batchLabels);
    expect(Array.from(p)).toEqual([-1, 1]);
    expect(d.conflicts()[0]).toMatchObject({ rows: [0], referenceRows: [5] });
  });
});
