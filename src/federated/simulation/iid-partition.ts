/**
 * The IID split of a federated simulation: the rows shuffled by a seeded permutation and dealt
 * into `clients` shards whose sizes differ by at most one.
 */
import { invalidInput } from '../../core/errors.js';
import { permutation, type Rng } from '../../core/rng.js';

/**
 * Row indices of each client's shard, each shard sorted ascending.
 *
 * @throws AntidoteError `invalid_input` when there are fewer rows than clients or `clients` is not a whole number >= 1.
 *
 * @example
 * iidPartition(60_000, 100, createRng(1)); // 100 shards of 600 rows
 */
export function iidPartition(rows: number, clients: number, rng: Rng): Uint32Array[] {
  if (!Number.isInteger(clients) || clients < 1) throw invalidInput(`iid split: clients = ${clients} must be a whole number >= 1`);
  if (rows < clients) throw invalidInput(`iid split: ${rows} rows cannot give each of ${clients} clients at least one`);
  const order = permutation(rows, rng);
  const base = Math.floor(rows / clients);
  const extra = rows % clients;
  const shards: Uint32Array[] = [];
  let start = 0;
  for (let c = 0; c < clients; c++) {
    const size = base + (c < extra ? 1 : 0);
    shards.push(order.slice(start, start + size).sort());
    start += size;
  }
  return shards;
}
