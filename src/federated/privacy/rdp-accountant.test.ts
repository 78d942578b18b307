import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RDP_ORDERS, RdpAccountant, computeRdp, privacySpent } from './rdp-accountant.js';

interface RdpCase {
  readonly name: string;
  readonly orders: 'default' | 'tutorial';
  readonly q: number;
  readonly sigma: number;
  readonly steps: number;
  readonly delta: number;
  readonly rdp: readonly number[];
  readonly classic: { readonly epsilon: number; readonly order: number };
  readonly improved: { readonly epsilon: number; readonly order: number };
}

const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/rdp.json', import.meta.url), 'utf8')) as {
  defaultOrders: number[];
  tutorialOrders: number[];
  cases: RdpCase[];
};

describe('RDP of the sampled Gaussian mechanism against scripts/fixtures/rdp.py (numpy/scipy)', () => {
  it('uses the same default orders as the reference script', () => {
    expect([...DEFAULT_RDP_ORDERS]).toEqual(fixture.defaultOrders);
  });

  it.each(fixture.cases)('$name with the $orders orders: RDP per order and epsilon by both conversions', (c) => {
    const orders = c.orders === 'default' ? fixture.defaultOrders : fixture.tutorialOrders;
    const rdp = computeRdp(c.q, c.sigma, c.steps, orders);
    // Fractional orders sum alternating series with cancellation (and erfc by a different route
    // than scipy's log_ndtr): the two agree to about 1e-7 relative, far below what an epsilon needs.
    c.rdp.forEach((want, i) => expect(Math.abs(rdp[i]! - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want))));
    const classic = privacySpent(orders, rdp, c.delta, 'classic');
    const improved = privacySpent(orders, rdp, c.delta, 'improved');
    expect(classic.epsilon).toBeCloseTo(c.classic.epsilon, 5);
    expect(classic.order).toBe(c.classic.order);
    expect(improved.epsilon).toBeCloseTo(c.improved.epsilon, 5);
    expect(improved.order).toBe(c.improved.order);
    expect(improved.epsilon).toBeLessThanOrEqual(classic.epsilon);
  });
});

describe('published values', () => {
  // tensorflow/privacy, tutorials/README.md, "Select Parameters" table (MNIST, 60,000 examples,
  // 256 per batch, delta = 1e-5, RDP accountant with the tutorial's orders, classic conversion):
  //   noise 1.12, 60 epochs -> eps 2.92;  noise 0.6, 30 epochs -> eps 9.74;  noise 1.2, 10 epochs -> eps 1.20.
  const q = 256 / 60000;
  const steps = (epochs: number): number => Math.floor((epochs * 60000) / 256);
  it.each([
    [1.12, 60, 2.92, 0.006],
    [0.6, 30, 9.74, 0.02],
    [1.2, 10, 1.2, 0.006],
  ])('TF Privacy MNIST tutorial: noise %f for %i epochs gives eps %f', (sigma, epochs, eps, tolerance) => {
    const spent = privacySpent(fixture.tutorialOrders, computeRdp(q, sigma, steps(epochs), fixture.tutorialOrders), 1e-5, 'classic');
    expect(Math.abs(spent.epsilon - eps)).toBeLessThanOrEqual(tolerance);
  });

  it('the well-known noise 1.1, 60 epochs: eps 3.01 (classic), 2.60 with the improved conversion', () => {
    const rdp = computeRdp(q, 1.1, steps(60));
    expect(privacySpent(DEFAULT_RDP_ORDERS, rdp, 1e-5, 'classic').epsilon).toBeCloseTo(3.01, 2);
    expect(privacySpent(DEFAULT_RDP_ORDERS, rdp, 1e-5).epsilon).toBeCloseTo(2.6, 2);
  });

  it('without sampling (q = 1) the RDP is the Gaussian mechanism’s alpha / (2 sigma^2) per step', () => {
    const rdp = computeRdp(1, 2, 3, [2, 10]);
    expect(rdp[0]).toBeCloseTo(3 * (2 / 8), 12);
    expect(rdp[1]).toBeCloseTo(3 * (10 / 8), 12);
  });
});

describe('RdpAccountant', () => {
  it('reports a growing epsilon after each round, equal to accounting all rounds at once', () => {
    const acc = new RdpAccountant({ delta: 1e-5 });
    let last = 0;
    for (let r = 0; r < 50; r++) {
      const spent = acc.step({ samplingRate: 0.01, noiseMultiplier: 1 });
      expect(spent.epsilon).toBeGreaterThan(last);
      last = spent.epsilon;
    }
    expect(acc.rounds).toBe(50);
    expect(last).toBeCloseTo(privacySpent(DEFAULT_RDP_ORDERS, computeRdp(0.01, 1, 50), 1e-5).epsilon, 10);
  });

  it('rejects bad parameters with invalid_input', () => {
    expect(() => new RdpAccountant({ delta: 0 })).toThrow(/delta is 0/);
    expect(() => computeRdp(1.5, 1, 1)).toThrow(/q is 1.5/);
    expect(() => computeRdp(0.1, 0, 1)).toThrow(/noise multiplier is 0/);
    expect(() => computeRdp(0.1, 1, 1, [1])).toThrow(/order 1 is not/);
  });
});
