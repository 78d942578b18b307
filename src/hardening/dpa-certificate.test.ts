import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { dpaCertificate, dpaVotes } from './dpa-certificate.js';

/** The plurality winner with DPA's tie-break (lowest class code). */
function winner(counts: readonly number[]): number {
  let top = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[top]!) top = k;
  return top;
}

/**
 * The fewest base-model votes an adversary must change (one poisoned sample changes at most one
 * partition's vote, to any class, or from abstaining to any class) to change the winner, by
 * breadth-first search over vote vectors.
 */
function fewestChangesToFlip(counts: readonly number[], abstaining: number): number {
  const start = winner(counts);
  let frontier = [{ c: [...counts], abstain: abstaining }];
  const seen = new Set([`${counts.join(',')}|${abstaining}`]);
  for (let m = 1; m <= 50; m++) {
    const next: { c: number[]; abstain: number }[] = [];
    for (const s of frontier) {
      const moves: { c: number[]; abstain: number }[] = [];
      for (let b = 0; b < s.c.length; b++) {
        if (s.abstain > 0) {
          const c = [...s.c];
          c[b]!++;
          moves.push({ c, abstain: s.abstain - 1 });
        }
        for (let a = 0; a < s.c.length; a++) {
          if (a === b || s.c[a] === 0) continue;
          const c = [...s.c];
          c[a]!--;
          c[b]!++;
          moves.push({ c, abstain: s.abstain });
        }
      }
      for (const mv of moves) {
        if (winner(mv.c) !== start) return m;
        const key = `${mv.c.join(',')}|${mv.abstain}`;
        if (!seen.has(key)) {
          seen.add(key);
          next.push(mv);
        }
      }
    }
    frontier = next;
  }
  return Infinity;
}

describe('dpaCertificate', () => {
  it('gives floor((n_top − n_rival − [rival wins ties]) / 2) on hand-computed votes', () => {
    expect(dpaCertificate([1, 7, 2])).toEqual({ prediction: 1, certified: 2 });
    expect(dpaCertificate([2, 7, 1])).toEqual({ prediction: 1, certified: 2 }); // (7 − (2 + 1)) / 2 = 2
    expect(dpaCertificate([3, 7, 0])).toEqual({ prediction: 1, certified: 1 }); // (7 − 4) / 2 = 1.5
    expect(dpaCertificate([5, 5])).toEqual({ prediction: 0, certified: 0 });
    expect(dpaCertificate([4, 6])).toEqual({ prediction: 1, certified: 0 });
    expect(dpaCertificate([6, 4])).toEqual({ prediction: 0, certified: 1 });
    expect(dpaCertificate([50, 0, 0])).toEqual({ prediction: 0, certified: 25 });
    expect(dpaCertificate([0, 0, 0])).toEqual({ prediction: 0, certified: 0 });
  });

  it('is exactly one less than the fewest vote changes that flip the prediction (brute force, abstentions included)', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 150; trial++) {
      const K = 2 + rng.nextInt(2);
      const models = 3 + rng.nextInt(6);
      const counts = new Array<number>(K).fill(0);
      let abstaining = 0;
      for (let m = 0; m < models; m++) {
        if (rng.next() < 0.15) abstaining++;
        else counts[rng.nextInt(K)]!++;
      }
      const { prediction, certified } = dpaCertificate(counts);
      expect(prediction).toBe(winner(counts));
      // Changing `certified` votes never flips; the certificate is tight when no vote abstains.
      const need = fewestChangesToFlip(counts, abstaining);
      expect(certified).toBeLessThan(need);
      if (abstaining === 0) expect(certified).toBe(need - 1);
    }
  });

  it('refuses bad counts', () => {
    expect(() => dpaCertificate([3])).toThrow(/at least two/);
    expect(() => dpaCertificate([1, -1])).toThrow(/whole number/);
  });
});

describe('dpaVotes', () => {
  it('tallies base-model predictions, skipping abstentions', () => {
    const v = dpaVotes([Int32Array.of(0, 1, -1), Int32Array.of(0, 0, 2), Int32Array.of(0, 1, 2)], 3);
    expect(Array.from(v.counts)).toEqual([3, 0, 0, 1, 2, 0, 0, 0, 2]);
    expect(Array.from(v.prediction)).toEqual([0, 1, 2]);
    expect(Array.from(v.certified)).toEqual([1, 0, 0]);
    expect(() => dpaVotes([Int32Array.of(0), Int32Array.of(0, 1)], 2)).toThrow(/predicted 2 rows/);
    expect(() => dpaVotes([Int32Array.of(3)], 2)).toThrow(/class 3/);
  });
});
