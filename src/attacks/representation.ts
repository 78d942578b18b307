/**
 * The representation f a clean-label attack works in, given by the caller: a linear map
 * f(x) = x·W (the identity, a projection, a network's last linear layer), whose gradient is exact,
 * or any function of one row, differentiated numerically by central differences.
 */
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/** f(x) = x · weights, weights being `features x dimensions`. */
export interface LinearRepresentation {
  readonly kind: 'linear';
  readonly weights: Matrix;
}

/** f(x) = embed(x) for one row; gradients by central differences with step `step` (default 1e-5). */
export interface FunctionRepresentation {
  readonly kind: 'function';
  readonly embed: (row: Float64Array) => ArrayLike<number>;
  readonly step?: number;
}

/** The identity: f(x) = x (feature collision then means input-space collision). */
export interface IdentityRepresentation {
  readonly kind: 'identity';
}

/** Where a clean-label attack measures closeness. */
export type Representation = LinearRepresentation | FunctionRepresentation | IdentityRepresentation;

/** f of one row. */
export function represent(f: Representation, row: Float64Array): Float64Array {
  switch (f.kind) {
    case 'identity':
      return Float64Array.from(row);
    case 'function':
      return Float64Array.from(f.embed(row));
    case 'linear': {
      const { rows: d, cols: e, data: w } = f.weights;
      if (row.length !== d) throw invalidInput(`representation: a row of ${row.length} features for a ${d} x ${e} weight matrix`);
      const out = new Float64Array(e);
      for (let j = 0; j < d; j++) {
        const v = row[j]!;
        if (v === 0) continue;
        for (let k = 0; k < e; k++) out[k]! += v * w[j * e + k]!;
      }
      return out;
    }
  }
}

/** ‖f(a) − fb‖². */
export function representationDistanceSquared(f: Representation, a: Float64Array, fb: Float64Array): number {
  const fa = represent(f, a);
  if (fa.length !== fb.length) throw invalidInput(`representation: dimensions differ (${fa.length} and ${fb.length})`);
  let s = 0;
  for (let k = 0; k < fa.length; k++) s += (fa[k]! - fb[k]!) ** 2;
  return s;
}

/**
 * ∇ₓ ‖f(x) − c‖²: exact for the identity, 2 (x − c), and for a linear map, 2 (xW − c) Wᵀ;
 * by central differences for a function.
 */
export function collisionGradient(f: Representation, x: Float64Array, c: Float64Array): Float64Array {
  const d = x.length;
  const g = new Float64Array(d);
  switch (f.kind) {
    case 'identity':
      for (let j = 0; j < d; j++) g[j] = 2 * (x[j]! - c[j]!);
      return g;
    case 'linear': {
      const { cols: e, data: w } = f.weights;
      const r = represent(f, x);
      for (let k = 0; k < e; k++) r[k] = 2 * (r[k]! - c[k]!);
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < e; k++) s += r[k]! * w[j * e + k]!;
        g[j] = s;
      }
      return g;
    }
    case 'function': {
      const h = f.step ?? 1e-5;
      const probe = Float64Array.from(x);
      for (let j = 0; j < d; j++) {
        const keep = probe[j]!;
        probe[j] = keep + h;
        const up = representationDistanceSquared(f, probe, c);
        probe[j] = keep - h;
        const down = representationDistanceSquared(f, probe, c);
        probe[j] = keep;
        g[j] = (up - down) / (2 * h);
      }
      return g;
    }
  }
}

/**
 * The Lipschitz constant of ∇ₓ‖f(x) − c‖² for a linear or identity f: 2 σ_max(W)², σ_max by
 * power iteration on WᵀW from a fixed start (deterministic). Undefined (NaN) for a function.
 */
export function collisionLipschitz(f: Representation, features: number): number {
  if (f.kind === 'identity') return 2;
  if (f.kind === 'function') return Number.NaN;
  const { rows: d, cols: e, data: w } = f.weights;
  if (d !== features) throw invalidInput(`representation: the weight matrix has ${d} rows, the data ${features} features`, { path: ['representation', 'weights'] });
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let lambda = 0;
  for (let it = 0; it < 200; it++) {
    const u = new Float64Array(e);
    for (let j = 0; j < d; j++) for (let k = 0; k < e; k++) u[k]! += v[j]! * w[j * e + k]!;
    const next = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < e; k++) s += w[j * e + k]! * u[k]!;
      next[j] = s;
    }
    const norm = Math.sqrt(next.reduce((a, b) => a + b * b, 0));
    if (norm === 0) return 0;
    const prev = lambda;
    lambda = norm;
    v = next.map((a) => a / norm);
    if (Math.abs(lambda - prev) <= 1e-10 * lambda) break;
  }
  return 2 * lambda;
}
