import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TextColumn } from '../../core/dataset.js';
import { fitHashedTfidf, writeHashedTfidf } from './hashed-tfidf.js';
import { wordTokens } from './word-tokens.js';

interface TfidfReference {
  bucketsLog2: number;
  reference: string[];
  batch: string[];
  idf: number[];
  rows: number[][];
}
// HashingVectorizer + TfidfTransformer(sublinear_tf, smooth_idf, l2) from scikit-learn (make_fixtures.py).
const ref = (JSON.parse(readFileSync(new URL('../../../test/fixtures/data/encoding-reference.json', import.meta.url), 'utf8')) as { tfidf: TfidfReference }).tfidf;

const text = (values: (string | null)[]): TextColumn => ({ kind: 'text', name: 'body', values });

describe('hashed TF-IDF', () => {
  it('tokenises like scikit-learn: lower case, runs of two or more word characters', () => {
    expect(wordTokens("Re: re: lunch? I'm free_now, Ünïcödé 3pm a")).toEqual(['re', 're', 'lunch', 'free_now', 'ünïcödé', '3pm']);
  });

  it('learns the idf scikit-learn learns', () => {
    const enc = fitHashedTfidf(text(ref.reference), ref.bucketsLog2, 0);
    expect(enc.documents).toBe(ref.reference.length);
    expect(enc.idf).toHaveLength(ref.idf.length);
    enc.idf.forEach((x, b) => expect(x).toBeCloseTo(ref.idf[b]!, 12));
  });

  it('encodes a new batch as scikit-learn does (float32 tolerance), with unit-length rows', () => {
    const enc = fitHashedTfidf(text(ref.reference), ref.bucketsLog2, 0);
    const width = 2 ** ref.bucketsLog2;
    const out = new Float32Array(ref.batch.length * width);
    writeHashedTfidf(text(ref.batch), enc, out, width, 0);
    ref.rows.forEach((row, i) => {
      row.forEach((x, b) => expect(out[i * width + b]).toBeCloseTo(x, 6));
    });
    const norm0 = Math.hypot(...out.subarray(0, width));
    expect(norm0).toBeCloseTo(1, 6);
  });

  it('counts missing documents out of the idf and encodes them as zeros', () => {
    const enc = fitHashedTfidf(text(['spam spam', null]), 4, 0);
    expect(enc.documents).toBe(1);
    const out = new Float32Array(2 * 16);
    writeHashedTfidf(text([null, 'spam']), enc, out, 16, 0);
    expect([...out.subarray(0, 16)].every((x) => x === 0)).toBe(true);
    expect([...out.subarray(16)].filter((x) => x !== 0)).toEqual([1]);
  });
});
