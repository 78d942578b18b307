import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { loadMlpFixture, type MlpAdamFixture } from '../../test/fixtures/mlp-fixtures.js';
import { Adam, adamSettings, adamUpdate } from './adam.js';

const fx = loadMlpFixture<MlpAdamFixture>('mlp-adam.json');

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1e-12, Math.abs(b[i]!)));
  return m;
}

describe('Adam against numpy', () => {
  it('reproduces three steps: parameters (float32) and both moments', () => {
    const settings = adamSettings({ learningRate: fx.learningRate, beta1: fx.beta1, beta2: fx.beta2, epsilon: fx.epsilon });
    const p = Float32Array.from(fx.start);
    const m = new Float64Array(p.length);
    const v = new Float64Array(p.length);
    fx.steps.forEach((s, k) => {
      adamUpdate(p, Float32Array.from(s.grad), m, v, k + 1, settings);
      // numpy rounds the same double result to float32: at most one ulp apart.
      expect(maxRelDiff(p, s.param)).toBeLessThan(2e-7);
      expect(maxRelDiff(m, s.m)).toBeLessThan(1e-12);
      expect(maxRelDiff(v, s.v)).toBeLessThan(1e-12);
    });
  });

  it('moves each parameter by about the learning rate on the first step, none where the gradient is 0', () => {
    const p = Float32Array.from(fx.start);
    const adam = new Adam([p.length], { learningRate: fx.learningRate });
    adam.step([p], [Float32Array.from(fx.steps[0]!.grad)]);
    expect(adam.steps).toBe(1);
    expect(p[0]).toBe(Math.fround(fx.start[0]!));
    for (let q = 1; q < p.length; q++) expect(Math.abs(p[q]! - fx.start[q]!)).toBeCloseTo(fx.learningRate, 5);
  });

  it('rejects bad settings and mismatched arrays', () => {
    expect(() => adamSettings({ learningRate: 0 })).toThrow(/learningRate/);
    expect(() => adamSettings({ beta1: 1 })).toThrow(/beta1/);
    expect(() => adamSettings({ epsilon: -1 })).toThrow(/epsilon/);
    const adam = new Adam([3]);
    let caught: unknown;
    try {
      adam.step([new Float32Array(2)], [new Float32Array(2)]);
    } catch (e) {
      caught = e;
    }
    expect(isAntidoteError(caught, 'invalid_input')).toBe(true);
  });
});
