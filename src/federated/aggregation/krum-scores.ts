// Blanchard, El Mhamdi, Guerraoui & Stainer 2017, "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent" (Krum score).

/**
 * The Krum score of each client in `members` (indices into an n x n squared-distance matrix):
 * the sum of its squared distances to its `max(1, m − f − 2)` nearest other members, `m` being
 * the number of members (Flower's `aggregate_krum`, which Bulyan also calls on shrinking sets).
 * Lower is more central.
 */
export function krumScores(squaredDistances: Float64Array, n: number, members: readonly number[], f: number): Float64Array {
  const m = members.length;
  const closest = Math.max(1, m - f - 2);
  const scores = new Float64Array(m);
  const row = new Float64Array(Math.max(0, m - 1));
  for (let a = 0; a < m; a++) {
    const i = members[a]!;
    let o = 0;
    for (let b = 0; b < m; b++) if (b !== a) row[o++] = squaredDistances[i * n + members[b]!]!;
    const nearest = row.subarray(0, o).sort();
    let s = 0;
    for (let t = 0; t < Math.min(closest, o); t++) s += nearest[t]!;
    scores[a] = s;
  }
  return scores;
}

/** Index (into the scores) of the smallest score; the first on ties, as `numpy.argmin`. */
export function argMin(scores: Float64Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! < scores[best]!) best = i;
  return best;
}
