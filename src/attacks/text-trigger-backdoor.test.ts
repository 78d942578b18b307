import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { applyTextTrigger, insertTriggerPhrase, textTriggerBackdoor } from './text-trigger-backdoor.js';

const WORDS = ['cheap', 'meeting', 'offer', 'report', 'free', 'lunch', 'invoice', 'click'];

function corpus(n: number, seed: number): { texts: (string | null)[]; codes: Int32Array } {
  const rng = createRng(seed);
  const texts: (string | null)[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = rng.nextInt(2);
    texts.push(i % 10 === 9 ? null : Array.from({ length: 2 + rng.nextInt(8) }, () => WORDS[rng.nextInt(WORDS.length)]).join(' '));
  }
  return { texts, codes };
}

describe('textTriggerBackdoor', () => {
  const { texts, codes } = corpus(200, 1);
  const phrase = 'zq trigger';

  it('inserts the phrase in exactly the masked rows, at a word boundary, and relabels them', () => {
    const r = textTriggerBackdoor(texts, { codes, classes: 2 }, { phrase, target: 0, rate: 0.4, seed: 3 });
    let eligible = 0;
    texts.forEach((t, i) => {
      if (t !== null && codes[i] === 1) eligible++;
    });
    expect(r.manifest.eligible).toBe(eligible);
    expect(r.manifest.poisoned).toBe(Math.round(0.4 * eligible));
    const positions = new Set<number>();
    r.texts.forEach((t, i) => {
      expect((t ?? '').includes(phrase)).toBe(r.mask[i] === 1);
      if (r.mask[i]) {
        expect(texts[i]).not.toBeNull();
        expect(r.labels[i]).toBe(0);
        // Taking the phrase out gives back the original words, in order.
        expect(t!.split(/\s+/).join(' ').replace(`${phrase} `, '').replace(` ${phrase}`, '').replace(phrase, '')).toBe(texts[i]);
        positions.add(t!.split(' ').indexOf('zq'));
      } else {
        expect(t).toBe(texts[i]);
        expect(r.labels[i]).toBe(codes[i]);
      }
    });
    // Positions are drawn, not fixed.
    expect(positions.size).toBeGreaterThan(3);
  });

  it('places the phrase at the start, between words or at the end, never inside a word', () => {
    const seen = new Set<string>();
    const rng = createRng(0);
    for (let k = 0; k < 200; k++) seen.add(insertTriggerPhrase('ab cd', 'X', rng));
    expect([...seen].sort()).toEqual(['X ab cd', 'ab X cd', 'ab cd X']);
    expect(insertTriggerPhrase('', 'X', rng)).toBe('X');
    expect(applyTextTrigger([null, 'a'], 'X', createRng(1)).every((t) => t.includes('X'))).toBe(true);
  });

  it('is a function of the seed and rejects an empty phrase', () => {
    const a = textTriggerBackdoor(texts, { codes, classes: 2 }, { phrase, target: 1, rate: 0.2, seed: 5 });
    const b = textTriggerBackdoor(texts, { codes, classes: 2 }, { phrase, target: 1, rate: 0.2, seed: 5 });
    expect(b.texts).toEqual(a.texts);
    expect(b.manifest).toEqual(a.manifest);
    expect(() => textTriggerBackdoor(texts, { codes, classes: 2 }, { phrase: ' ', target: 1, rate: 0.2, seed: 5 })).toThrow(/non-empty/);
  });
});
