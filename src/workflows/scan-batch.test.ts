import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeBaseline } from '../baseline/baseline-file.js';
import { createRng } from '../core/rng.js';
import { makeBaseline } from './make-baseline.js';
import { scanBatch } from './scan-batch.js';

/** Two Gaussian classes with natural label noise (about 13% of labels disagree with the best classifier); optionally 10% random flips on top. */
function writeBatch(path: string, seed: number, rows: number, flipShare = 0): Uint8Array {
  const rng = createRng(seed);
  const mask = new Uint8Array(rows);
  const lines = ['x0,x1,x2,x3,x4,label'];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: 5 }, () => rng.normal());
    let positive = x[0]! + 0.5 * x[1]! + 0.5 * rng.normal() > 0;
    if (rng.next() < flipShare) {
      positive = !positive;
      mask[i] = 1;
    }
    lines.push(`${x.map((v) => v.toFixed(4)).join(',')},${positive ? 'yes' : 'no'}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return mask;
}

describe('scanBatch against a baseline that holds the detectors\' clean flag rates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'antidote-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const baselinePath = join(dir, 'baseline.json');
  const ready = (async () => {
    writeBatch(join(dir, 'verified.csv'), 1, 2000);
    writeFileSync(baselinePath, serializeBaseline(await makeBaseline(join(dir, 'verified.csv'), { label: 'label' })));
  })();

  it('records how many verified rows each default detector flags', async () => {
    await ready;
    const b = await makeBaseline(join(dir, 'verified.csv'), { label: 'label' });
    expect(b.detection!.rows).toBe(2000);
    expect(b.detection!.detectors.map((d) => d.detector)).toEqual(['isolation-forest', 'lof', 'confident-learning', 'knn-label', 'duplicate-labels']);
    // Natural label noise: confident learning flags some verified rows, which is what the gate measures.
    expect(b.detection!.detectors.find((d) => d.detector === 'confident-learning')!.flagged).toBeGreaterThan(20);
    expect((await makeBaseline(join(dir, 'verified.csv'), { label: 'label', detectors: false })).detection).toBeUndefined();
  });

  it('accepts a clean batch from the same distribution, though its detectors see natural outliers and noise', async () => {
    await ready;
    writeBatch(join(dir, 'clean.csv'), 2, 2000);
    const report = await scanBatch(join(dir, 'clean.csv'), { baselinePath, label: 'label' });
    expect(report.verdict).toBe('accept');
    expect(report.summary.flaggedRows).toBe(0);
    const gates = report.detection!.perDetector.map((p) => p.baselineGate);
    expect(gates.every((g) => g !== undefined && !g.kept)).toBe(true);
    expect(gates.reduce((s, g) => s + g!.flaggedBeforeGate, 0)).toBeGreaterThan(0);
    expect(report.summary.reasons.some((r) => /no more than on the verified baseline/.test(r))).toBe(true);
  });

  it('keeps the flags of label detectors when 10% of the labels were flipped', async () => {
    await ready;
    const mask = writeBatch(join(dir, 'flipped.csv'), 3, 2000, 0.1);
    const report = await scanBatch(join(dir, 'flipped.csv'), { baselinePath, label: 'label' });
    expect(report.verdict).not.toBe('accept');
    const cl = report.detection!.perDetector.find((p) => p.detector === 'confident-learning')!;
    expect(cl.baselineGate!.kept).toBe(true);
    const flagged = report.rows.filter((r) => r.flagged);
    const hits = flagged.filter((r) => mask[r.index] === 1).length;
    expect(hits / mask.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
  });
});
