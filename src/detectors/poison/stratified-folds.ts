/**
 * Seeded stratified K-fold assignment for out-of-fold predictions: each class's rows are shuffled
 * and dealt round the folds, continuing where the previous class stopped, so every fold holds
 * about 1/K of every class and the folds differ in size by at most one row.
 */
import { invalidInput } from '../../core/errors.js';
import { permutation, type Rng } from '../../core/rng.js';

/**
 * The fold of every row, in [0, folds); rows labelled -1 get -1 (they are in no fold).
 *
 * @throws AntidoteError `invalid_input` for fewer than 2 folds.
 */
export function stratifiedFolds(codes: Int32Array, classes: number, folds: number, rng: Rng): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw invalidInput(`stratified folds: folds = ${folds} must be an integer of at least 2`);
  const out = new Int32Array(codes.length).fill(-1);
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) members[codes[i]!]!.push(i);
  let next = 0;
  for (const rows of members) {
    const order = permutation(rows.length, rng);
    for (let r = 0; r < rows.length; r++) {
      out[rows[order[r]!]!] = next;
      next = (next + 1) % folds;
    }
  }
  return out;
}
