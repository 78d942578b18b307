/**
 * The silhouette coefficient (Rousseeuw 1987) of a two-way split, as scikit-learn's
 * `silhouette_score` with the Euclidean metric: the mean over rows of (b − a) / max(a, b), a the
 * mean distance to the row's own cluster, b to the other; a row alone in its cluster counts 0.
 */
import type { Matrix } from '../../core/matrix.js';
import { sampleIndices, type Rng } from '../../core/rng.js';

/**
 * Silhouette of the split `assignment` (0 / 1 per row); 0 when one cluster is empty. Above
 * `sampleSize` rows a seeded sample of that many rows is scored among themselves, as
 * scikit-learn's `sample_size` does.
 */
export function silhouetteScore(z: Matrix<Float64Array>, assignment: Uint8Array, rng: Rng, sampleSize = 2000): number {
  const { rows: n, cols: p, data } = z;
  const rows = n > sampleSize ? sampleIndices(n, sampleSize, rng) : Uint32Array.from({ length: n }, (_, i) => i);
  const m = rows.length;
  const size = [0, 0];
  for (const i of rows) size[assignment[i]!]!++;
  if (size[0] === 0 || size[1] === 0) return 0;
  let total = 0;
  const sums = [0, 0];
  for (let a = 0; a < m; a++) {
    const i = rows[a]!;
    sums[0] = 0;
    sums[1] = 0;
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      const j = rows[b]!;
      let s = 0;
      for (let q = 0; q < p; q++) {
        const t = data[i * p + q]! - data[j * p + q]!;
        s += t * t;
      }
      sums[assignment[j]!]! += Math.sqrt(s);
    }
    const own = assignment[i]!;
    if (size[own]! <= 1) continue;
    const inside = sums[own]! / (size[own]! - 1);
    const outside = sums[1 - own]! / size[1 - own]!;
    const denom = Math.max(inside, outside);
    total += denom > 0 ? (outside - inside) / denom : 0;
  }
  return total / m;
}
