// The one contract every detector passes (after scikit-learn's estimator_checks): call it from a test file with a factory.
import { describe, expect, it } from 'vitest';
import type { Detector, DetectorInput, Labels } from '../../src/core/detector.js';
import { isAntidoteError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng, type Rng } from '../../src/core/rng.js';
import { auroc, plantedBackdoor, plantedLabelFlips, plantedOutliers, type Planted } from './planted-data.js';

/** How to run the contract on one detector. */
export interface DetectorContractCase {
  readonly name: string;
  /** Builds a fresh detector with a seeded generator and a contamination. */
  readonly create: (rng: Rng, contamination: number) => Detector;
  /** Which planted problem it must find (default by its `requires`: labels → flips, embeddings → backdoor, else outliers). */
  readonly planted?: 'outliers' | 'label-flips' | 'backdoor';
  /** Smallest AUROC on the planted problem (default 0.9). */
  readonly minAuroc?: number;
  /** Whether it sets its offset from contamination, so the share of -1 on the fit data is near it (default true). */
  readonly honoursContamination?: boolean;
}

function plantedFor(c: DetectorContractCase, requires: readonly DetectorInput[], seed: number): Planted {
  const kind = c.planted ?? (requires.includes('embeddings') ? 'backdoor' : requires.includes('labels') ? 'label-flips' : 'outliers');
  return kind === 'backdoor' ? plantedBackdoor(seed) : kind === 'label-flips' ? plantedLabelFlips(seed) : plantedOutliers(seed);
}

const copy = (m: Matrix<Float32Array>): Matrix<Float32Array> => ({ rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) });

/** Registers the detector contract tests for one detector. */
export function detectorContract(c: DetectorContractCase): void {
  describe(`detector contract: ${c.name}`, () => {
    const probe = c.create(createRng(1), 0.1);
    const needsLabels = probe.requires.includes('labels');
    const data = plantedFor(c, probe.requires, 11);
    const labels: Labels | undefined = needsLabels || probe.requires.includes('embeddings') ? data.labels : undefined;

    it('is named as registered and fit returns the detector itself', async () => {
      expect(probe.name).toBe(c.name);
      const d = c.create(createRng(1), 0.1);
      expect(await d.fit(data.x, labels)).toBe(d);
    });

    it('scores every row with a finite number, and decisionFunction is scoreSamples minus one offset', async () => {
      const d = await c.create(createRng(2), 0.1).fit(data.x, labels);
      const s = await d.scoreSamples(data.x, labels);
      const f = await d.decisionFunction(data.x, labels);
      expect(s.length).toBe(data.x.rows);
      expect(f.length).toBe(data.x.rows);
      for (let i = 0; i < s.length; i++) {
        expect(Number.isFinite(s[i]!)).toBe(true);
        expect(f[i]! - s[i]!).toBeCloseTo(f[0]! - s[0]!, 9);
      }
    });

    it('predicts +1 or -1, -1 exactly where the decision function is negative', async () => {
      const d = await c.create(createRng(3), 0.1).fit(data.x, labels);
      const p = await d.predict(data.x, labels);
      const f = await d.decisionFunction(data.x, labels);
      for (let i = 0; i < p.length; i++) expect(p[i]).toBe(f[i]! < 0 ? -1 : 1);
    });

    if (c.honoursContamination ?? true) {
      it('flags about the contamination share of the data it was fitted on', async () => {
        for (const contamination of [0.05, 0.2]) {
          const d = await c.create(createRng(4), contamination).fit(data.x, labels);
          const p = await d.predict(data.x, labels);
          const share = p.reduce((s, v) => s + (v === -1 ? 1 : 0), 0) / p.length;
          expect(Math.abs(share - contamination)).toBeLessThanOrEqual(Math.max(0.03, contamination * 0.5));
        }
      });
    }

    it('finds the planted rows: lower scores for them (AUROC)', async () => {
      const d = await c.create(createRng(5), 0.1).fit(data.x, labels);
      const s = await d.scoreSamples(data.x, labels);
      const suspicion = Array.from(s, (v) => -v);
      expect(auroc(suspicion, data.poisoned)).toBeGreaterThanOrEqual(c.minAuroc ?? 0.9);
    });

    it('gives identical scores for the same seed, and does not modify its input', async () => {
      const x1 = copy(data.x);
      const a = await (await c.create(createRng(6), 0.1).fit(x1, labels)).scoreSamples(x1, labels);
      const b = await (await c.create(createRng(6), 0.1).fit(copy(data.x), labels)).scoreSamples(copy(data.x), labels);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(x1.data)).toEqual(Array.from(data.x.data));
    });

    it('rejects NaN, a wrong number of columns, and scoring before fit with invalid_input', async () => {
      const bad = copy(data.x);
      bad.data[3] = NaN;
      await expectInvalid(() => c.create(createRng(7), 0.1).fit(bad, labels));
      const d = await c.create(createRng(7), 0.1).fit(data.x, labels);
      const narrow: Matrix<Float32Array> = { rows: 2, cols: data.x.cols - 1, data: new Float32Array(2 * (data.x.cols - 1)) };
      const narrowLabels: Labels | undefined = labels ? { codes: labels.codes.subarray(0, 2), classes: labels.classes } : undefined;
      await expectInvalid(() => d.scoreSamples(narrow, narrowLabels));
      await expectInvalid(() => c.create(createRng(7), 0.1).scoreSamples(data.x, labels));
    });

    if (needsLabels) {
      it('requires labels', async () => {
        await expectInvalid(() => c.create(createRng(8), 0.1).fit(data.x));
      });
    }
  });
}

async function expectInvalid(fn: () => Promise<unknown>): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(isAntidoteError(caught, 'invalid_input'), `expected AntidoteError invalid_input, got ${String(caught)}`).toBe(true);
}
