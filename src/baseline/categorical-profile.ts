import type { CategoricalProfile } from '../core/baseline.js';
import type { BooleanColumn, CategoricalColumn } from '../core/dataset.js';

/** Profiles a categorical or boolean column: how often each category occurs (booleans as "false"/"true"). */
export function profileCategorical(col: CategoricalColumn | BooleanColumn): CategoricalProfile {
  const { categories, counts, missing } = categoryCounts(col);
  return { name: col.name, kind: col.kind, count: col.kind === 'categorical' ? col.codes.length - missing : col.values.length - missing, missing, categories, counts };
}

/** Counts per category of a categorical or boolean column, in the column's category order. */
export function categoryCounts(col: CategoricalColumn | BooleanColumn): { categories: string[]; counts: number[]; missing: number } {
  if (col.kind === 'boolean') {
    const counts = [0, 0];
    let missing = 0;
    for (const v of col.values) {
      if (v === 255) missing++;
      else counts[v === 1 ? 1 : 0]!++;
    }
    return { categories: ['false', 'true'], counts, missing };
  }
  const counts = new Array<number>(col.categories.length).fill(0);
  let missing = 0;
  for (const c of col.codes) {
    if (c < 0) missing++;
    else counts[c]!++;
  }
  return { categories: [...col.categories], counts, missing };
}
