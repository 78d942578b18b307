import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../core/dataset.js';
import { AntidoteError } from '../../core/errors.js';
import { parseEncoderState } from './encoder-state.js';
import { FeatureEncoder, encoderFeatureNames, fitFeatureEncoder, transformFeatures } from './feature-encoder.js';
import { hashBucket } from './murmur3.js';

const reference = JSON.parse(readFileSync(new URL('../../../test/fixtures/data/encoding-reference.json', import.meta.url), 'utf8')) as {
  standardize: { values: number[]; mean: number; std: number; transformed: number[] };
};

function thrown(f: () => unknown): AntidoteError {
  try {
    f();
  } catch (e) {
    if (e instanceof AntidoteError) return e;
    throw e;
  }
  throw new Error('expected an AntidoteError');
}

const cities = Array.from({ length: 40 }, (_, i) => `city${i}`);

/** Four reference rows of every kind, plus a label. */
function referenceData(): Dataset {
  return {
    rowCount: 4,
    columns: [
      { kind: 'numeric', name: 'age', values: Float64Array.of(20, 30, NaN, 50) },
      { kind: 'boolean', name: 'ok', values: Uint8Array.of(1, 0, 1, 255) },
      { kind: 'categorical', name: 'color', codes: Int32Array.of(0, 1, 1, -1), categories: ['red', 'blue'] },
      { kind: 'categorical', name: 'city', codes: Int32Array.of(0, 1, 39, 2), categories: cities },
      { kind: 'text', name: 'body', values: ['free prize', 'meeting agenda', null, 'free lunch'] },
      { kind: 'timestamp', name: 'seen', values: Float64Array.of(0, 1000, 2000, 3000) },
      { kind: 'embedding', name: 'emb', dim: 2, values: Float32Array.of(1, 2, 3, 4, NaN, NaN, 7, 8) },
      { kind: 'categorical', name: 'label', codes: Int32Array.of(0, 1, 0, 1), categories: ['spam', 'ham'] },
    ],
  };
}

describe('FeatureEncoder', () => {
  // city has 4 categories in the reference, above the one-hot limit of 3 set here: it is hashed.
  const options = { exclude: ['label'], textBucketsLog2: 3, hashBuckets: 8, maxOneHotCategories: 3 };

  it('fits one encoding per column, leaving out the excluded label', () => {
    const state = fitFeatureEncoder(referenceData(), options);
    expect(state.columns.map((c) => `${c.name}:${c.encoding}`)).toEqual([
      'age:standardize',
      'ok:binary',
      'color:one-hot',
      'city:hashing',
      'body:hashed-tfidf',
      'seen:standardize',
      'emb:passthrough',
    ]);
    expect(encoderFeatureNames(state)).toEqual([
      'age',
      'ok',
      'color=blue',
      'color=red',
      'color=<other>',
      ...Array.from({ length: 8 }, (_, b) => `city#hash${b}`),
      ...Array.from({ length: 8 }, (_, b) => `body#tfidf${b}`),
      'seen',
      'emb[0]',
      'emb[1]',
    ]);
  });

  it('standardises as scikit-learn StandardScaler does', () => {
    const values = Float64Array.from(reference.standardize.values);
    const ds: Dataset = { rowCount: values.length, columns: [{ kind: 'numeric', name: 'x', values }] };
    const state = fitFeatureEncoder(ds);
    expect(state.columns[0]).toMatchObject({ mean: reference.standardize.mean });
    expect((state.columns[0] as { std: number }).std).toBeCloseTo(reference.standardize.std, 12);
    const { matrix } = transformFeatures(ds, state);
    reference.standardize.transformed.forEach((x, i) => expect(matrix.data[i]).toBeCloseTo(x, 6));
  });

  it('encodes a batch with the reference state: imputation, unseen categories, hashing, pass-through', () => {
    const state = fitFeatureEncoder(referenceData(), options);
    const batch: Dataset = {
      rowCount: 2,
      columns: [
        { kind: 'categorical', name: 'color', codes: Int32Array.of(0, -1), categories: ['green'] },
        { kind: 'numeric', name: 'age', values: Float64Array.of(NaN, 40) },
        { kind: 'boolean', name: 'ok', values: Uint8Array.of(255, 1) },
        { kind: 'categorical', name: 'city', codes: Int32Array.of(0, 1), categories: ['city7', 'nowhere'] },
        { kind: 'text', name: 'body', values: [null, 'FREE free'] },
        { kind: 'timestamp', name: 'seen', values: Float64Array.of(1500, NaN) },
        { kind: 'embedding', name: 'emb', dim: 2, values: Float32Array.of(NaN, NaN, 0.5, -0.5) },
      ],
    };
    const { matrix, featureNames } = transformFeatures(batch, state);
    expect(matrix.cols).toBe(featureNames.length);
    expect(matrix.rows).toBe(2);
    const at = (row: number, name: string): number => matrix.data[row * matrix.cols + featureNames.indexOf(name)]!;
    // age: mean 33.33, std of (20, 30, 50); missing → 0, 40 → (40 - mean) / std.
    const mean = 100 / 3;
    const std = Math.sqrt(((20 - mean) ** 2 + (30 - mean) ** 2 + (50 - mean) ** 2) / 3);
    expect(at(0, 'age')).toBe(0);
    expect(at(1, 'age')).toBeCloseTo((40 - mean) / std, 6);
    expect(at(0, 'ok')).toBeCloseTo(2 / 3, 6);
    expect(at(1, 'ok')).toBe(1);
    expect([at(0, 'color=blue'), at(0, 'color=red'), at(0, 'color=<other>')]).toEqual([0, 0, 1]);
    expect([at(1, 'color=blue'), at(1, 'color=red'), at(1, 'color=<other>')]).toEqual([0, 0, 0]);
    expect(at(0, `city#hash${hashBucket('city7', 8)}`)).toBe(1);
    expect(at(1, `city#hash${hashBucket('nowhere', 8)}`)).toBe(1);
    expect(featureNames.filter((n) => n.startsWith('body#')).map((n) => at(0, n))).toEqual(Array(8).fill(0));
    expect(at(1, `body#tfidf${hashBucket('free', 8)}`)).toBeCloseTo(1, 6);
    expect(at(0, 'seen')).toBeCloseTo(0, 6);
    expect(at(1, 'seen')).toBe(0);
    expect([at(0, 'emb[0]'), at(0, 'emb[1]'), at(1, 'emb[0]'), at(1, 'emb[1]')]).toEqual([0, 0, 0.5, -0.5]);
  });

  it('round-trips its state through JSON and encodes identically afterwards', () => {
    const ds = referenceData();
    const encoder = FeatureEncoder.fit(ds, options);
    const restored = FeatureEncoder.fromJSON(JSON.parse(JSON.stringify(encoder)));
    expect(restored.state).toEqual(encoder.state);
    expect(restored.transform(ds).matrix.data).toEqual(encoder.transform(ds).matrix.data);
    expect(restored.featureNames).toEqual(encoder.featureNames);
  });

  it('stores no vocabulary in the state of a text column', () => {
    const json = JSON.stringify(fitFeatureEncoder(referenceData(), options));
    for (const word of ['prize', 'meeting', 'agenda', 'lunch']) expect(json).not.toContain(word);
  });

  it('rejects an excluded column that does not exist, a missing column, and a kind mismatch', () => {
    const e = thrown(() => fitFeatureEncoder(referenceData(), { exclude: ['lable'] }));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ column: 'lable' });
    const state = fitFeatureEncoder(referenceData(), options);
    const missing = thrown(() => transformFeatures({ rowCount: 0, columns: [] }, state));
    expect(missing.location).toEqual({ column: 'age' });
    const ds = referenceData();
    const wrongKind: Dataset = { ...ds, columns: ds.columns.map((c) => (c.name === 'age' ? { kind: 'text', name: 'age', values: ['1', '2', '3', '4'] } : c)) };
    expect(thrown(() => transformFeatures(wrongKind, state)).message).toMatch(/"age" is text in this data but was numeric/);
    const wrongDim: Dataset = { ...ds, columns: ds.columns.map((c) => (c.name === 'emb' ? { kind: 'embedding', name: 'emb', dim: 1, values: new Float32Array(4) } : c)) };
    expect(thrown(() => transformFeatures(wrongDim, state)).message).toMatch(/dimension 1 in this data but 2/);
    expect(thrown(() => fitFeatureEncoder(referenceData(), { textBucketsLog2: 40 })).location).toEqual({ path: ['textBucketsLog2'] });
  });
});

describe('parseEncoderState', () => {
  it('names the bad field', () => {
    const state = JSON.parse(JSON.stringify(fitFeatureEncoder(referenceData(), { exclude: ['label'], textBucketsLog2: 3, maxOneHotCategories: 3 }))) as { columns: Record<string, unknown>[] };
    state.columns[0]!['std'] = 0;
    const e = thrown(() => parseEncoderState(state));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ path: ['columns', 0, 'std'] });
    state.columns[0]!['std'] = 1;
    state.columns[4]!['idf'] = [1, 2];
    expect(thrown(() => parseEncoderState(state)).location).toEqual({ path: ['columns', 4, 'idf'] });
    expect(thrown(() => parseEncoderState({ format: 'other', version: 1, columns: [] })).location).toEqual({ path: ['format'] });
    expect(thrown(() => parseEncoderState({ format: 'antidote.feature-encoder', version: 1, columns: [{ name: 'x', kind: 'numeric', encoding: 'one-hot' }] })).message).toMatch(
      /unknown kind\/encoding "numeric"\/"one-hot"/,
    );
  });
});
