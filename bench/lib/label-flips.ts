/**
 * Label-flip poisoning for the detection-quality benchmarks, with a ground-truth mask: `random`
 * moves round(rate × rows) seeded rows to a uniformly chosen other class; `targeted` moves
 * round(rate × rows of `source`) rows of the source class to `target` (spam → ham).
 */
import type { CategoricalColumn, Dataset } from '../../src/core/dataset.js';
import { createRng } from '../../src/core/rng.js';

export type FlipMode = { readonly kind: 'random' } | { readonly kind: 'targeted'; readonly source: string; readonly target: string };

/** The batch with flipped labels and the mask of flipped rows. */
export function flipLabels(clean: Dataset, label: string, rate: number, mode: FlipMode, seed: number): { batch: Dataset; mask: Uint8Array; flipped: number } {
  const col = clean.columns.find((c): c is CategoricalColumn => c.name === label && c.kind === 'categorical');
  if (!col) throw new Error(`no categorical label column "${label}"`);
  const k = col.categories.length;
  const source = mode.kind === 'targeted' ? col.categories.indexOf(mode.source) : -1;
  const target = mode.kind === 'targeted' ? col.categories.indexOf(mode.target) : -1;
  if (mode.kind === 'targeted' && (source < 0 || target < 0)) throw new Error(`classes are ${col.categories.join(', ')}`);
  const eligible: number[] = [];
  for (let i = 0; i < clean.rowCount; i++) if (col.codes[i]! >= 0 && (source < 0 || col.codes[i] === source)) eligible.push(i);
  const rng = createRng(seed);
  const count = Math.round(rate * eligible.length);
  for (let i = 0; i < count; i++) {
    const j = i + rng.nextInt(eligible.length - i);
    [eligible[i], eligible[j]] = [eligible[j]!, eligible[i]!];
  }
  const codes = Int32Array.from(col.codes);
  const mask = new Uint8Array(clean.rowCount);
  for (const i of eligible.slice(0, count)) {
    codes[i] = target >= 0 ? target : (codes[i]! + 1 + rng.nextInt(k - 1)) % k;
    mask[i] = 1;
  }
  return { batch: { rowCount: clean.rowCount, columns: clean.columns.map((c) => (c === col ? { ...col, codes } : c)) }, mask, flipped: count };
}
