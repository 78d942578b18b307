import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { Mlp } from '../models/mlp.js';
import { trainMlp } from './mlp-training-loop.js';

function problem(n: number, seed: number) {
  const rng = createRng(seed);
  const d = 5;
  const data = new Float32Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    codes[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() + (j === c ? 2 : 0);
  }
  return { x: { rows: n, cols: d, data }, labels: { codes, classes: 3 } };
}

describe('trainMlp', () => {
  it('without hooks trains the very weights Mlp.fit does with validationFraction 0', async () => {
    const { x, labels } = problem(300, 1);
    const options = { hiddenLayers: [8], maxEpochs: 3, batchSize: 32 } as const;
    const reference = await new Mlp({ ...options, rng: createRng(9), validationFraction: 0 }).fit(x, labels);
    const ours = await trainMlp(x, labels, { ...options, rng: createRng(9) });
    expect(ours.toJSON().state).toEqual(reference.toJSON().state);
  });

  it('trains only on the rows selectRows returns, and feeds transformBatch its batches', async () => {
    const { x, labels } = problem(90, 2);
    let seenRows = 0;
    const epochs: number[] = [];
    await trainMlp(x, labels, { hiddenLayers: [4], maxEpochs: 2, batchSize: 16, rng: createRng(1) }, {
      selectRows: async (epoch, _state, all) => {
        expect(all.y.length).toBe(90);
        return epoch === 2 ? Uint32Array.of(0, 1, 2, 3, 4) : undefined;
      },
      transformBatch: async (batch) => {
        seenRows += batch.y.length;
        return batch;
      },
      onEpoch: (epoch) => epochs.push(epoch),
    });
    expect(seenRows).toBe(90 + 5);
    expect(epochs).toEqual([1, 2]);
  });

  it('refuses labels of the wrong length', async () => {
    const { x } = problem(10, 3);
    await expect(trainMlp(x, { codes: new Int32Array(9), classes: 3 }, { rng: createRng(1) })).rejects.toThrow(/9 labels for 10 rows/);
  });
});
