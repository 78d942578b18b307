import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/dataset.js';
import { selectRows } from './select-rows.js';

describe('selectRows', () => {
  it('copies the chosen rows of every column kind, in the order given', () => {
    const ds: Dataset = {
      rowCount: 3,
      columns: [
        { kind: 'numeric', name: 'a', values: Float64Array.of(1, 2, 3) },
        { kind: 'categorical', name: 'b', codes: Int32Array.of(0, 1, -1), categories: ['x', 'y'] },
        { kind: 'boolean', name: 'c', values: Uint8Array.of(1, 0, 255) },
        { kind: 'text', name: 'd', values: ['p', null, 'r'] },
        { kind: 'timestamp', name: 'e', values: Float64Array.of(10, 20, 30) },
        { kind: 'embedding', name: 'f', dim: 2, values: Float32Array.of(1, 1, 2, 2, 3, 3) },
      ],
    };
    const out = selectRows(ds, [2, 0]);
    expect(out.rowCount).toBe(2);
    const cols = out.columns;
    expect(Array.from((cols[0] as { values: Float64Array }).values)).toEqual([3, 1]);
    expect(Array.from((cols[1] as { codes: Int32Array }).codes)).toEqual([-1, 0]);
    expect(Array.from((cols[2] as { values: Uint8Array }).values)).toEqual([255, 1]);
    expect((cols[3] as { values: readonly (string | null)[] }).values).toEqual(['r', 'p']);
    expect(Array.from((cols[4] as { values: Float64Array }).values)).toEqual([30, 10]);
    expect(Array.from((cols[5] as { values: Float32Array }).values)).toEqual([3, 3, 1, 1]);
  });
});
