/**
 * `antidote fl simulate` as a use case: loads Fashion-MNIST (optionally the first rows only),
 * runs the federated simulation for every configured aggregation rule, and writes the result as
 * `fl-result.json`. The HTML report is drawn from that result at the edge (`report/`).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { flSimulationConfig, type FlSimulationConfig } from '../federated/simulation/fl-simulation-config.js';
import { resolveAggregators } from '../federated/simulation/simulation-aggregators.js';
import { runFlSimulation, type FlSimulationHooks, type FlSimulationResult } from '../federated/simulation/fl-simulation.js';

/** The name of the result file in the output folder. */
export const FL_RESULT_FILE = 'fl-result.json';

/** The format tag of {@link FlResultFile}. */
export const FL_RESULT_FORMAT = 'antidote-fl-simulation';

/** What `fl-result.json` holds: the simulation result plus where its data came from. */
export interface FlResultFile extends FlSimulationResult {
  readonly format: typeof FL_RESULT_FORMAT;
  readonly version: 1;
  readonly data: { readonly source: 'fashion-mnist'; readonly trainLimit: number | null; readonly testLimit: number | null };
}

/** Options of {@link flSimulate}. */
export interface FlSimulateOptions {
  /** The simulation's settings (defaults for the rest). */
  readonly config: Partial<FlSimulationConfig>;
  /** Use only the first training images (default all 60,000). */
  readonly trainLimit?: number;
  /** Use only the first test images (default all 10,000). */
  readonly testLimit?: number;
  /** Folder of the Fashion-MNIST files (default the Debian package's). */
  readonly dataDir?: string;
  /** Where `fl-result.json` goes; nothing is written when absent. */
  readonly outDir?: string;
}

/**
 * Loads the data, runs the simulation and (with `outDir`) writes `fl-result.json` atomically.
 *
 * @throws AntidoteError `not_found` when Fashion-MNIST is not installed (with the apt command);
 *   `invalid_input` for a bad setting or a rule whose precondition the round size breaks.
 *
 * @example
 * const { result, file } = await flSimulate({ config: { clients: 20, byzantine: 4, attack: 'alie', aggregators: ['fedavg', 'median'] }, trainLimit: 6000, outDir: 'out' });
 */
export async function flSimulate(options: FlSimulateOptions, hooks: FlSimulationHooks = {}): Promise<{ readonly result: FlResultFile; readonly file: string | null }> {
  // Settings and rule preconditions are checked before the data is read, so a mistake fails fast.
  const checked = flSimulationConfig(options.config);
  resolveAggregators(checked.aggregators, checked.clientsPerRound, checked.byzantine);
  const dir = options.dataDir !== undefined ? { dir: options.dataDir } : {};
  const [train, test] = await Promise.all([
    loadFashionMnist({ split: 'train', ...dir, ...(options.trainLimit !== undefined ? { limit: options.trainLimit } : {}) }),
    loadFashionMnist({ split: 'test', ...dir, ...(options.testLimit !== undefined ? { limit: options.testLimit } : {}) }),
  ]);
  const simulation = await runFlSimulation({ train, test }, options.config, hooks);
  const result: FlResultFile = {
    format: FL_RESULT_FORMAT,
    version: 1,
    data: { source: 'fashion-mnist', trainLimit: options.trainLimit ?? null, testLimit: options.testLimit ?? null },
    ...simulation,
  };
  if (options.outDir === undefined) return { result, file: null };
  const out = resolve(options.outDir);
  await mkdir(out, { recursive: true });
  const file = join(out, FL_RESULT_FILE);
  const partial = `${file}.partial`;
  await writeFile(partial, `${JSON.stringify(result, null, 1)}\n`);
  await rename(partial, file);
  return { result, file };
}
