import { describe, expect, it } from 'vitest';
import { assertFeatureMatrix } from './feature-matrix.js';

describe('assertFeatureMatrix', () => {
  const ok = { rows: 2, cols: 2, data: Float32Array.of(1, 2, 3, 4) };

  it('accepts a finite float32 matrix of the expected width', () => {
    expect(() => assertFeatureMatrix(ok, 'op', 2)).not.toThrow();
  });

  it('names the first non-finite cell, the width rule, the element type and the row minimum', () => {
    expect(() => assertFeatureMatrix({ ...ok, data: Float32Array.of(1, 2, -Infinity, 4) }, 'lof.fit')).toThrow(
      'lof.fit: x[1][0] is -Infinity; every feature value must be a finite number (impute or drop missing values first)',
    );
    expect(() => assertFeatureMatrix(ok, 'knn.scoreSamples', 3)).toThrow('knn.scoreSamples: x has 2 columns but the detector was fitted on 3');
    expect(() => assertFeatureMatrix({ ...ok, data: Float64Array.of(1, 2, 3, 4) }, 'op')).toThrow('op: x must be backed by a Float32Array');
    expect(() => assertFeatureMatrix(ok, 'op', undefined, 3)).toThrow('op: x has 2 rows; at least 3 needed');
    expect(() => assertFeatureMatrix({ rows: 2, cols: 2, data: new Float32Array(3) }, 'op')).toThrow(/2 x 2 but its data holds 3 elements/);
  });

  it('skips the value scan when asked (callers that detect non-finite values more cheaply)', () => {
    expect(() => assertFeatureMatrix({ ...ok, data: Float32Array.of(NaN, 2, 3, 4) }, 'op', undefined, 1, false)).not.toThrow();
  });
});
