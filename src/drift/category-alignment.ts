import type { CategoricalProfile } from '../core/baseline.js';
import type { Column } from '../core/dataset.js';
import { categoryCounts } from '../baseline/categorical-profile.js';

/** Baseline and batch counts over the union of their categories (baseline order, then new ones). */
export interface AlignedCounts {
  readonly categories: readonly string[];
  readonly baseline: readonly number[];
  readonly batch: readonly number[];
  /** Categories the baseline never saw. */
  readonly unseen: readonly string[];
}

/** Aligns a categorical or boolean batch column with its profile; null for other kinds. */
export function alignCategories(profile: unknown, column: Column): AlignedCounts | null {
  const p = profile as CategoricalProfile;
  if ((p.kind !== 'categorical' && p.kind !== 'boolean') || (column.kind !== 'categorical' && column.kind !== 'boolean')) return null;
  const batchCounts = categoryCounts(column);
  const index = new Map<string, number>();
  const categories = [...p.categories];
  categories.forEach((c, i) => index.set(c, i));
  const unseen: string[] = [];
  batchCounts.categories.forEach((c, i) => {
    if (!index.has(c) && batchCounts.counts[i]! > 0) {
      index.set(c, categories.length);
      categories.push(c);
      unseen.push(c);
    }
  });
  const baseline = categories.map((_, i) => p.counts[i] ?? 0);
  const batch = new Array<number>(categories.length).fill(0);
  batchCounts.categories.forEach((c, i) => {
    const k = index.get(c);
    if (k !== undefined) batch[k]! += batchCounts.counts[i]!;
  });
  return { categories, baseline, batch, unseen };
}
