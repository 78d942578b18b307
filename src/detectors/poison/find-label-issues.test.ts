import { describe, expect, it } from 'vitest';
import { loadPoisonFixture, type CleanlabCase } from '../../../test/fixtures/poison/poison-fixtures.js';
import { findLabelIssues } from './find-label-issues.js';

const fx = loadPoisonFixture<{ cases: CleanlabCase[] }>('cleanlab.json');

function selected(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((v, i) => {
    if (v) out.push(i);
  });
  return out;
}

// cleanlab's filter.find_label_issues(labels, pred_probs, filter_by='prune_by_noise_rate') with its
// defaults, re-implemented in numpy by scripts/fixtures/poison_fixtures.py: the same rows, exactly.
describe('findLabelIssues against cleanlab prune_by_noise_rate (numpy re-implementation)', () => {
  for (const c of fx.cases) {
    it(`selects the same rows: ${c.name}`, () => {
      const r = findLabelIssues(Int32Array.from(c.labels), Float64Array.from(c.predProbs.data), c.classes);
      expect(Array.from(r.pruneCounts)).toEqual(c.pruneCounts);
      expect(selected(r.issues)).toEqual(c.issues);
    });
  }

  it('finds mostly true flips when the probabilities are informative', () => {
    const c = fx.cases.find((x) => x.name === 'binary, 10% noise')!;
    const r = selected(findLabelIssues(Int32Array.from(c.labels), Float64Array.from(c.predProbs.data), c.classes).issues);
    const flips = new Set(c.trueFlips);
    const hits = r.filter((i) => flips.has(i)).length;
    expect(hits / r.length).toBeGreaterThan(0.8);
  });

  it('never flags a row whose most probable class is its label', () => {
    for (const c of fx.cases) {
      const probs = c.predProbs.data;
      for (const i of c.issues) {
        const row = probs.slice(i * c.classes, (i + 1) * c.classes);
        expect(row.indexOf(Math.max(...row))).not.toBe(c.labels[i]);
      }
    }
  });
});
