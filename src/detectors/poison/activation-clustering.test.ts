import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { plantedBackdoor } from '../../../test/contracts/planted-data.js';
import { createActivationClustering } from './activation-clustering.js';

afterAll(disposeMatmulBackends);

describe('activation-clustering', () => {
  const data = plantedBackdoor(11);

  it('flags the backdoored class (small, well-separated cluster) and not the clean one', async () => {
    const d = await createActivationClustering({ rng: createRng(1) }).fit(data.x, data.labels);
    const [clean, target] = d.classAnalysis();
    expect(clean!.label).toBe(0);
    expect(clean!.flagged).toBe(false);
    expect(target!.flagged).toBe(true);
    // The small cluster of class 1 is the planted rows.
    let planted = 0;
    for (let i = 0; i < data.x.rows; i++) planted += data.poisoned[i]!;
    expect(target!.smallClusterSize).toBe(planted);
    expect(target!.silhouette).toBeGreaterThan(0.3);
    expect(target!.confidence).toBeGreaterThan(0.9);
    expect(clean!.confidence).toBeLessThan(0.2);
  });

  it('scores new rows with the fitted projection and centroids exactly as the fit rows', async () => {
    const d = await createActivationClustering({ rng: createRng(1) }).fit(data.x, data.labels);
    const all = await d.scoreSamples(data.x, data.labels);
    const cols = data.x.cols;
    const few = await d.scoreSamples({ rows: 4, cols, data: data.x.data.slice(0, 4 * cols) }, { codes: data.labels.codes.slice(0, 4), classes: 2 });
    for (let i = 0; i < 4; i++) expect(few[i]).toBe(all[i]);
  });
});
