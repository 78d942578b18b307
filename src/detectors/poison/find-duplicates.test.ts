import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { findDuplicates } from './find-duplicates.js';

afterAll(disposeMatmulBackends);

/** 200 spread-out rows in 4 dimensions (typical nearest-neighbour distance about 1). */
function spread(seed: number, rows = 200): Matrix<Float32Array> {
  const rng = createRng(seed);
  return { rows, cols: 4, data: Float32Array.from({ length: rows * 4 }, () => 3 * rng.normal()) };
}

function setRow(m: Matrix<Float32Array>, i: number, values: ArrayLike<number>): void {
  m.data.set(Array.from(values), i * m.cols);
}

describe('findDuplicates', () => {
  it('groups exact copies and near copies, and reports the threshold it chose', async () => {
    const x = spread(1);
    setRow(x, 10, x.data.subarray(3 * 4, 4 * 4)); // row 10 = row 3
    setRow(x, 11, x.data.subarray(3 * 4, 4 * 4)); // row 11 = row 3
    setRow(x, 50, Array.from(x.data.subarray(7 * 4, 8 * 4), (v) => v + 1e-3)); // row 50 ≈ row 7
    const report = await findDuplicates(x);
    expect(report.threshold).toBeGreaterThan(1e-2);
    expect(report.threshold).toBeLessThan(0.5);
    expect(report.groups).toEqual([
      { kind: 'exact', rows: [3, 10, 11], referenceRows: [], radius: 0 },
      { kind: 'near', rows: [7, 50], referenceRows: [], radius: expect.closeTo(2e-3, 4) as number },
    ]);
    expect(report.duplicateRows).toBe(5);
  });

  it('finds batch rows already in the reference, exactly or nearly, and treats -0 as 0', async () => {
    const reference = spread(2, 100);
    const batch = spread(3, 50);
    setRow(batch, 5, reference.data.subarray(20 * 4, 21 * 4));
    setRow(batch, 6, Array.from(reference.data.subarray(30 * 4, 31 * 4), (v) => v + 1e-4));
    setRow(reference, 40, [0, 1, 2, 3]);
    setRow(batch, 9, [-0, 1, 2, 3]);
    const report = await findDuplicates(batch, { reference });
    expect(report.groups.map((g) => [g.kind, g.rows, g.referenceRows])).toEqual([
      ['exact', [5], [20]],
      ['near', [6], [30]],
      ['exact', [9], [40]],
    ]);
  });

  it('honours a given threshold (0: exact duplicates only)', async () => {
    const x = spread(4);
    setRow(x, 1, Array.from(x.data.subarray(0, 4), (v) => v + 1e-3));
    expect((await findDuplicates(x, { threshold: 0 })).groups).toEqual([]);
    expect((await findDuplicates(x, { threshold: 1e-2 })).groups.map((g) => g.rows)).toEqual([[0, 1]]);
  });
});
