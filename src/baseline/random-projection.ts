import { createRng } from '../core/rng.js';

/**
 * Johnson–Lindenstrauss random projection (Achlioptas 2003, Gaussian form): rows of `x`
 * (`rows x inputDim`) times a seeded `inputDim x dim` Gaussian matrix scaled by 1/sqrt(dim).
 * The same seed gives the same matrix, so a baseline and a later batch project alike.
 */
export function randomProjection(x: Float32Array, rows: number, inputDim: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const scale = 1 / Math.sqrt(dim);
  const p = new Float32Array(inputDim * dim);
  for (let i = 0; i < p.length; i++) p[i] = rng.normal() * scale;
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const xo = r * inputDim;
    const oo = r * dim;
    for (let k = 0; k < inputDim; k++) {
      const v = x[xo + k]!;
      if (v === 0) continue;
      const po = k * dim;
      for (let j = 0; j < dim; j++) out[oo + j]! += v * p[po + j]!;
    }
  }
  return out;
}
