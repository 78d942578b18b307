import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClientUpdate } from '../../core/aggregator.js';
import { aggregate } from './index.js';
import { clientAnomalyScores } from './client-anomaly-scores.js';

interface Case {
  readonly name: string;
  readonly f: number;
  readonly m: number;
  readonly byzantine: readonly number[];
  readonly bound: number;
  readonly tau: number;
  readonly iterations: number;
  readonly values: readonly (readonly number[])[];
  readonly numExamples: readonly number[];
  readonly serverUpdate: readonly number[];
  readonly center: readonly number[];
  readonly expected: Readonly<Record<string, readonly number[]>>;
  readonly anomaly: { readonly distance: readonly number[]; readonly relative: readonly number[]; readonly cosine: readonly number[] };
}

const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/aggregation.json', import.meta.url), 'utf8')) as { cases: Case[] };

// Outputs are float32 (inputs are exact float32 values, sums run in double precision), so the
// tolerance is a few float32 ulps relative to the values' scale.
function expectClose(actual: Float32Array, expected: readonly number[], rel = 2e-6): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(rel * scale);
}

describe.each(fixture.cases)('aggregation rules against numpy: $name', (c) => {
  const updates: ClientUpdate[] = c.values.map((v, i) => ({ values: Float32Array.from(v), numExamples: c.numExamples[i]! }));
  const f = c.f;

  it('fedAvg', () => expectClose(aggregate.fedAvg(updates), c.expected['fedAvg']!));
  it('coordinateMedian', () => expectClose(aggregate.coordinateMedian(updates), c.expected['coordinateMedian']!));
  it('trimmedMean beta 0.1 and 0.25', () => {
    expectClose(aggregate.trimmedMean(updates, { beta: 0.1 }), c.expected['trimmedMean(0.1)']!);
    expectClose(aggregate.trimmedMean(updates, { beta: 0.25 }), c.expected['trimmedMean(0.25)']!);
  });
  it('krum picks the same client', () => expectClose(aggregate.krum(updates, { f }), c.expected['krum']!, 0));
  it('multiKrum', () => expectClose(aggregate.multiKrum(updates, { f, m: c.m }), c.expected['multiKrum']!));
  it('bulyan (where n >= 4f + 3)', () => {
    const want = c.expected['bulyan'];
    if (want) expectClose(aggregate.bulyan(updates, { f }), want);
    else expect(() => aggregate.bulyan(updates, { f })).toThrow(/4f \+ 3/);
  });
  it('normClipping', () => expectClose(aggregate.normClipping(updates, { bound: c.bound }), c.expected['normClipping']!));
  it('centeredClipping', () =>
    expectClose(aggregate.centeredClipping(updates, { tau: c.tau, iterations: c.iterations, center: Float32Array.from(c.center) }), c.expected['centeredClipping']!));
  it('geometricMedian (smoothed Weiszfeld)', () => expectClose(aggregate.geometricMedian(updates), c.expected['geometricMedian']!, 1e-5));
  it('flTrust', () => expectClose(aggregate.flTrust(updates, { serverUpdate: Float32Array.from(c.serverUpdate) }), c.expected['flTrust']!));

  it('anomaly scores: distance to the median aggregate and cosine to the previous update', () => {
    const scores = clientAnomalyScores(updates, aggregate.coordinateMedian(updates), Float32Array.from(c.serverUpdate));
    scores.forEach((s, i) => {
      expect(s.distanceToAggregate).toBeCloseTo(c.anomaly.distance[i]!, 4);
      expect(s.relativeDistance).toBeCloseTo(c.anomaly.relative[i]!, 4);
      expect(s.cosineToPrevious!).toBeCloseTo(c.anomaly.cosine[i]!, 6);
    });
    // The planted Byzantine clients are the farthest from the robust aggregate.
    const farthest = scores.map((s, i) => [s.distanceToAggregate, i] as const).sort((a, b) => b[0] - a[0]).slice(0, c.byzantine.length).map(([, i]) => i);
    expect(farthest.sort((a, b) => a - b)).toEqual(c.byzantine);
  });

  it('robust rules stay near the honest mean while FedAvg is dragged away', () => {
    const honest = updates.filter((_, i) => !c.byzantine.includes(i));
    const honestMean = aggregate.fedAvg(honest.map((u) => ({ values: u.values, numExamples: 1 })));
    const dist = (v: Float32Array): number => Math.hypot(...v.map((x, p) => x - honestMean[p]!));
    const avgDist = dist(aggregate.fedAvg(updates));
    for (const v of [aggregate.coordinateMedian(updates), aggregate.krum(updates, { f }), aggregate.geometricMedian(updates)]) expect(dist(v)).toBeLessThan(avgDist);
  });
});
