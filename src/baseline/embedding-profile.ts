import type { EmbeddingProfile } from '../core/baseline.js';
import type { EmbeddingColumn } from '../core/dataset.js';
import type { Rng } from '../core/rng.js';
import { sampleIndices } from '../core/rng.js';

/** Rows used for the covariance spectrum; more adds time and no precision worth having. */
const COVARIANCE_ROWS = 20000;
const TOP_EIGENVALUES = 10;

/**
 * Profiles an embedding column: per-dimension mean and variance over all rows, and the largest
 * eigenvalues of the covariance (power iteration with deflation on a seeded row sample).
 */
export function profileEmbedding(col: EmbeddingColumn, rng: Rng): EmbeddingProfile {
  const { dim, values } = col;
  const rows = dim === 0 ? 0 : values.length / dim;
  const mean = new Float64Array(dim);
  const m2 = new Float64Array(dim);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    if (Number.isNaN(values[i * dim]!)) continue;
    count++;
    for (let j = 0; j < dim; j++) {
      const x = values[i * dim + j]!;
      const d = x - mean[j]!;
      mean[j]! += d / count;
      m2[j]! += d * (x - mean[j]!);
    }
  }
  const variance = Array.from(m2, (s) => (count > 1 ? s / (count - 1) : 0));
  const totalVariance = variance.reduce((a, b) => a + b, 0);
  const present: number[] = [];
  for (let i = 0; i < rows; i++) if (!Number.isNaN(values[i * dim]!)) present.push(i);
  const chosen = sampleIndices(present.length, Math.min(present.length, COVARIANCE_ROWS), rng);
  const cov = covariance(values, dim, Array.from(chosen, (k) => present[k]!), mean);
  let covarianceFrobenius2 = 0;
  for (let i = 0; i < cov.length; i++) covarianceFrobenius2 += cov[i]! * cov[i]!;
  return {
    name: col.name, kind: 'embedding', count, missing: rows - count, dim,
    mean: Array.from(mean), variance, totalVariance, covarianceFrobenius2,
    topEigenvalues: topEigenvalues(cov, dim, Math.min(TOP_EIGENVALUES, dim), rng),
  };
}

function covariance(values: Float32Array, dim: number, rowsUsed: readonly number[], mean: Float64Array): Float64Array {
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (const r of rowsUsed) {
    for (let j = 0; j < dim; j++) centred[j] = values[r * dim + j]! - mean[j]!;
    for (let a = 0; a < dim; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      const off = a * dim;
      for (let b = a; b < dim; b++) cov[off + b]! += ca * centred[b]!;
    }
  }
  const denom = Math.max(1, rowsUsed.length - 1);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = cov[a * dim + b]! / denom;
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  return cov;
}

/** The `k` largest eigenvalues of a symmetric positive semi-definite matrix, by power iteration and deflation. */
export function topEigenvalues(matrix: Float64Array, dim: number, k: number, rng: Rng): number[] {
  const a = Float64Array.from(matrix);
  const out: number[] = [];
  const v = new Float64Array(dim);
  const w = new Float64Array(dim);
  for (let e = 0; e < k; e++) {
    for (let j = 0; j < dim; j++) v[j] = rng.normal();
    normalise(v);
    let lambda = 0;
    for (let it = 0; it < 300; it++) {
      matVec(a, v, w, dim);
      const next = Math.sqrt(dot(w, w));
      if (next === 0) break;
      for (let j = 0; j < dim; j++) w[j]! /= next;
      let change = 0;
      for (let j = 0; j < dim; j++) change += (w[j]! - v[j]!) ** 2;
      v.set(w);
      const done = Math.abs(next - lambda) <= 1e-10 * Math.max(1, next) || change < 1e-18;
      lambda = next;
      if (done) break;
    }
    out.push(lambda);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) a[i * dim + j]! -= lambda * v[i]! * v[j]!;
  }
  return out;
}

function matVec(a: Float64Array, v: Float64Array, out: Float64Array, dim: number): void {
  for (let i = 0; i < dim; i++) {
    let s = 0;
    const off = i * dim;
    for (let j = 0; j < dim; j++) s += a[off + j]! * v[j]!;
    out[i] = s;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normalise(v: Float64Array): void {
  const n = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
}
