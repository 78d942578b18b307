import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { auroc, plantedLabelFlips } from '../../../test/contracts/planted-data.js';
import { createKnnLabelDisagreement } from './knn-label-disagreement.js';

afterAll(disposeMatmulBackends);

/** Points on a line: 0..9 labelled 0, 100..109 labelled 1, and one point at 5.5 labelled 1. */
function line(): { x: Matrix<Float32Array>; codes: Int32Array } {
  const values = [...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 100 + i), 5.5];
  const codes = Int32Array.from(values, (v, i) => (i === 20 ? 1 : v < 50 ? 0 : 1));
  return { x: { rows: values.length, cols: 1, data: Float32Array.from(values) }, codes };
}

describe('knn-label', () => {
  it('scores the share of agreeing neighbours, plus less than half a vote of tie-break', async () => {
    const { x, codes } = line();
    const d = await createKnnLabelDisagreement({ rng: createRng(1), k: 4 }).fit(x, { codes, classes: 2 });
    const s = await d.scoreSamples(x, { codes, classes: 2 });
    // The odd point has no agreeing neighbour among its 4; rows 4..7 have it among theirs (3 of 4 agree).
    expect(Math.floor(s[20]! * 4)).toBe(0);
    for (const i of [4, 5, 6, 7]) expect(Math.floor(s[i]! * 4)).toBe(3);
    for (const i of [0, 1, 10, 15, 19]) expect(Math.floor(s[i]! * 4)).toBe(4);
    for (const v of s) expect(v - Math.floor(v * 4) / 4).toBeLessThanOrEqual(1 / 8);
    expect(Array.from(s).indexOf(Math.min(...s))).toBe(20);
  });

  it('treats rows without a label as unsuspicious and leaves them out of the neighbourhoods', async () => {
    const { x, codes } = line();
    codes[20] = -1;
    const d = await createKnnLabelDisagreement({ rng: createRng(1), k: 4 }).fit(x, { codes, classes: 2 });
    const s = await d.scoreSamples(x, { codes, classes: 2 });
    expect(s[20]).toBe(1 + 1 / 8);
    for (const i of [4, 5, 6, 7]) expect(Math.floor(s[i]! * 4)).toBe(4);
  });

  it('scores a new batch against the fitted, labelled rows', async () => {
    const train = plantedLabelFlips(11);
    const batch = plantedLabelFlips(12);
    const d = await createKnnLabelDisagreement({ rng: createRng(1) }).fit(train.x, train.labels);
    const s = await d.scoreSamples(batch.x, batch.labels);
    expect(auroc(Array.from(s, (v) => -v), batch.poisoned)).toBeGreaterThan(0.97);
  });
});
