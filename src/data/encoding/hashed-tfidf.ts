/**
 * Hashed TF-IDF for text columns, as scikit-learn's `HashingVectorizer(alternate_sign=False,
 * norm=None)` followed by `TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm='l2')`:
 * tokens (see `wordTokens`) hash with MurmurHash3 into `2^bucketsLog2` buckets; a document's
 * weight in a bucket is `(1 + ln tf) * idf`, with `idf = ln((1 + n) / (1 + df)) + 1` learnt from
 * the n reference documents; each row is then scaled to unit length. Only the idf per bucket is
 * kept, never the words, so the state of a model fitted on private e-mails holds no vocabulary.
 * A missing text encodes as all zeros.
 */
import type { TextColumn } from '../../core/dataset.js';
import type { HashedTfidfEncoding } from './encoder-state.js';
import { hashBucket } from './murmur3.js';
import { wordTokens } from './word-tokens.js';

/**
 * Learns the idf of each bucket from the non-missing documents of a reference column.
 *
 * @example
 * fitHashedTfidf(column, 10, 0).idf.length; // 1024
 */
export function fitHashedTfidf(column: TextColumn, bucketsLog2: number, seed: number): HashedTfidfEncoding {
  const buckets = 2 ** bucketsLog2;
  const df = new Float64Array(buckets);
  // lastDoc[b] is the last document that counted bucket b, so each document counts a bucket once.
  const lastDoc = new Int32Array(buckets).fill(-1);
  let documents = 0;
  column.values.forEach((text, d) => {
    if (text === null) return;
    documents++;
    for (const token of wordTokens(text)) {
      const b = hashBucket(token, buckets, seed);
      if (lastDoc[b] !== d) {
        lastDoc[b] = d;
        df[b]!++;
      }
    }
  });
  const idf = Array.from(df, (n) => Math.log((1 + documents) / (1 + n)) + 1);
  return { name: column.name, kind: 'text', encoding: 'hashed-tfidf', bucketsLog2, seed, documents, idf };
}

/** Feature names: `name#tfidf0` ... `name#tfidf<2^bucketsLog2 - 1>`. */
export function hashedTfidfFeatureNames(enc: HashedTfidfEncoding): string[] {
  return Array.from({ length: 2 ** enc.bucketsLog2 }, (_, b) => `${enc.name}#tfidf${b}`);
}

/** Writes each document's l2-normalised TF-IDF vector (width `2^bucketsLog2`) at `offset` of its row of `out`. */
export function writeHashedTfidf(column: TextColumn, enc: HashedTfidfEncoding, out: Float32Array, stride: number, offset: number): void {
  const buckets = 2 ** enc.bucketsLog2;
  const tf = new Float64Array(buckets);
  const touched: number[] = [];
  column.values.forEach((text, d) => {
    if (text === null) return;
    for (const token of wordTokens(text)) {
      const b = hashBucket(token, buckets, enc.seed);
      if (tf[b] === 0) touched.push(b);
      tf[b]!++;
    }
    let norm = 0;
    for (const b of touched) {
      const w = (1 + Math.log(tf[b]!)) * enc.idf[b]!;
      tf[b] = w;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const base = d * stride + offset;
    for (const b of touched) {
      out[base + b] = tf[b]! * scale;
      tf[b] = 0;
    }
    touched.length = 0;
  });
}
