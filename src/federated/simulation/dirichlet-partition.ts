// Hsu, Qi & Brown 2019, "Measuring the Effects of Non-Identical Data Distribution for Federated Visual Classification" (Dirichlet label split).
import { invalidInput } from '../../core/errors.js';
import { permutation, type Rng } from '../../core/rng.js';
import { dirichletSample } from './dirichlet-sample.js';

/** Options of {@link dirichletPartition}. */
export interface DirichletPartitionOptions {
  /** Concentration α > 0: small (0.1) gives each client a few classes, large (100) approaches IID. */
  readonly alpha: number;
  /** Fewest rows a client may get; the split is drawn again until every client has them (default 10, at most rows / clients). */
  readonly minPerClient?: number;
  /** Draws tried before giving up (default 1000). */
  readonly maxAttempts?: number;
}

/**
 * The non-IID split: for each class, the proportions of its rows that go to each client are drawn
 * from Dirichlet(α, ..., α) and its shuffled rows are cut at the cumulative proportions. The draw
 * is repeated until every client has at least `minPerClient` rows (as the reference code of
 * Wang et al. 2020 does). Returns each client's row indices, sorted ascending.
 *
 * @throws AntidoteError `invalid_input` for bad options, labels out of range, or when no draw in
 *   `maxAttempts` gives every client `minPerClient` rows (the message suggests a larger α).
 *
 * @example
 * dirichletPartition(labels.codes, 10, 20, { alpha: 0.5 }, createRng(1));
 */
export function dirichletPartition(codes: Int32Array, classes: number, clients: number, options: DirichletPartitionOptions, rng: Rng): Uint32Array[] {
  const { alpha } = options;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw invalidInput(`dirichlet split: alpha = ${alpha} must be a finite number > 0 (0.1 strongly non-IID, 100 nearly IID)`);
  if (!Number.isInteger(clients) || clients < 1) throw invalidInput(`dirichlet split: clients = ${clients} must be a whole number >= 1`);
  if (codes.length < clients) throw invalidInput(`dirichlet split: ${codes.length} rows cannot give each of ${clients} clients at least one`);
  const minPerClient = Math.min(options.minPerClient ?? 10, Math.floor(codes.length / clients));
  const maxAttempts = options.maxAttempts ?? 1000;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  codes.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw invalidInput(`dirichlet split: label ${y} of row ${i} is outside [0, ${classes})`);
    byClass[y]!.push(i);
  });
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const shards: number[][] = Array.from({ length: clients }, () => []);
    for (const rows of byClass) {
      if (rows.length === 0) continue;
      const order = permutation(rows.length, rng);
      const p = dirichletSample(alpha, clients, rng);
      let start = 0;
      let cumulative = 0;
      for (let c = 0; c < clients; c++) {
        cumulative += p[c]!;
        const end = c === clients - 1 ? rows.length : Math.min(rows.length, Math.round(cumulative * rows.length));
        for (let r = start; r < end; r++) shards[c]!.push(rows[order[r]!]!);
        start = Math.max(start, end);
      }
    }
    if (shards.every((s) => s.length >= minPerClient)) return shards.map((s) => Uint32Array.from(s).sort());
  }
  throw invalidInput(
    `dirichlet split: ${maxAttempts} draws with alpha = ${alpha} never gave each of ${clients} clients at least ${minPerClient} of the ${codes.length} rows; use a larger alpha, fewer clients or more rows`,
  );
}
