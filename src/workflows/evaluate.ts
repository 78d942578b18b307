/**
 * The evaluation lab: a grid of attacks x poison rates x defences x seeds on one data set. Every
 * cell poisons the training rows, runs a defence, and measures the clean test accuracy, the attack
 * success, how well a detector found the poisoned rows, and the time; the summary averages each
 * (attack, rate, defence) over the seeds with 95% t-intervals. With an output folder every finished
 * cell is appended to `cells.jsonl` and `evaluation.json` is rewritten at once, so a killed run
 * loses at most the cell in progress and `resume` carries on where it stopped.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import type { DetectorRegistry } from '../detectors/detector-registry.js';
import type { Mlp, MlpOptions } from '../models/mlp.js';
import { attackSuccess, EVALUATION_ATTACKS, poisonTraining, type EvaluationAttack, type EvaluationAttackSettings } from './evaluate-attacks.js';
import { loadEvaluationData, type EvaluationData, type EvaluationDataOptions } from './evaluate-data.js';
import { parseDefence, runDefence, trainUndefended, type DefenceSettings } from './evaluate-defences.js';
import { meanInterval, type MeanInterval } from './evaluate-statistics.js';

/** The `format` of `evaluation.json`. */
export const EVALUATION_FORMAT = 'antidote-evaluation';

/** The model the lab trains when none is given: one hidden layer of 128, 10 epochs, Adam 1e-3. */
export const DEFAULT_LAB_MODEL: Omit<MlpOptions, 'rng'> = { hiddenLayers: [128], maxEpochs: 10, batchSize: 128, learningRate: 1e-3 };

/** Options of {@link evaluate}. */
export interface EvaluateOptions extends EvaluationDataOptions, EvaluationAttackSettings {
  /** `fashion-mnist`, `spam-assassin`, or a CSV path (with `label`). */
  readonly dataset: string;
  readonly attacks: readonly EvaluationAttack[];
  /** Poison rates, each in [0, 1] (the share of the attack's eligible rows). */
  readonly rates: readonly number[];
  /** `none`, `augment`, `adversarial`, `trimmed-loss`, `dpa`, `detector:<name>+sanitize`, `detector:<name>+relabel`. */
  readonly defences: readonly string[];
  readonly seeds: readonly number[];
  readonly registry: DetectorRegistry;
  /** The MLP every defence trains (default {@link DEFAULT_LAB_MODEL}). */
  readonly model?: Omit<MlpOptions, 'rng'>;
  readonly defenceSettings?: Omit<DefenceSettings, 'model'>;
  /** Folder for `cells.jsonl` and `evaluation.json`; nothing is written without it. */
  readonly outDir?: string;
  /** Skip the cells `outDir` already holds (its settings must match). */
  readonly resume?: boolean;
  readonly progress?: Progress;
  /** Called after every cell (run or skipped on resume). */
  readonly onCell?: (cell: EvaluationCell, done: number, total: number, skipped: boolean) => void;
}

/** The result of one (attack, rate, defence, seed). */
export interface EvaluationCell {
  readonly attack: EvaluationAttack;
  readonly rate: number;
  readonly defence: string;
  readonly seed: number;
  /** Training rows the attack poisoned. */
  readonly poisoned: number;
  /** Rows the final model trained on (after sanitisation or augmentation). */
  readonly trainRows: number;
  /** Share of clean test rows classified right. */
  readonly cleanAccuracy: number;
  /** See `attackSuccess`; null for random label flips. */
  readonly attackSuccess: number | null;
  /** Detector defences: share of flagged rows that were poisoned (null when none was flagged, or no detector). */
  readonly detectionPrecision: number | null;
  /** Detector defences: share of poisoned rows flagged (null when none was poisoned, or no detector). */
  readonly detectionRecall: number | null;
  readonly flagged: number | null;
  /** DPA: median certified radius over the test rows. */
  readonly certifiedMedian: number | null;
  /** Wall time of the defence, training and evaluation, in seconds. */
  readonly seconds: number;
}

/** One (attack, rate, defence) over the seeds: means with 95% t-intervals. */
export interface EvaluationSummaryRow {
  readonly attack: EvaluationAttack;
  readonly rate: number;
  readonly defence: string;
  readonly seeds: number;
  readonly cleanAccuracy: MeanInterval;
  readonly attackSuccess: MeanInterval | null;
  readonly detectionPrecision: MeanInterval | null;
  readonly detectionRecall: MeanInterval | null;
  readonly seconds: MeanInterval;
}

/** The settings that must match for `resume` (and that the report shows). */
export interface EvaluationConfig {
  readonly dataset: string;
  readonly limit: number | null;
  readonly testLimit: number | null;
  readonly label: string | null;
  readonly target: number;
  readonly source: number;
  readonly model: Omit<MlpOptions, 'rng'>;
  readonly defenceSettings: Omit<DefenceSettings, 'model'>;
  readonly trainRows: number;
  readonly testRows: number;
  readonly classNames: readonly string[];
}

/** `evaluation.json`. */
export interface EvaluationResult {
  readonly format: typeof EVALUATION_FORMAT;
  readonly version: 1;
  /** False while cells are missing (a run in progress or killed). */
  readonly complete: boolean;
  readonly config: EvaluationConfig;
  readonly grid: { readonly attacks: readonly string[]; readonly rates: readonly number[]; readonly defences: readonly string[]; readonly seeds: readonly number[] };
  readonly cells: readonly EvaluationCell[];
  readonly summary: readonly EvaluationSummaryRow[];
}

/**
 * Runs the grid (seeds outermost, so early results already cover every defence) and returns the
 * cells and their summary.
 *
 * @throws AntidoteError `invalid_input` for an unknown attack or defence, a rate outside [0, 1] or
 *   an empty list; `conflict` when `outDir` holds another evaluation (or any, without `resume`);
 *   `not_found`/`unsupported` when the data set is not installed.
 * @example
 * const result = await evaluate({
 *   dataset: 'fashion-mnist', limit: 5000, attacks: ['backdoor-patch'], rates: [0.05],
 *   defences: ['none', 'augment', 'detector:spectral-signatures+sanitize', 'dpa'], seeds: [0, 1, 2],
 *   registry: createDetectorRegistry(), outDir: 'lab',
 * });
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationResult> {
  checkGrid(options);
  const defences = options.defences.map((d) => ({ name: d, parsed: parseDefence(d, options.registry) }));
  const progress = options.progress ?? silentProgress;
  const data = await loadEvaluationData(options.dataset, options);
  const model = options.model ?? DEFAULT_LAB_MODEL;
  const config: EvaluationConfig = {
    dataset: options.dataset,
    limit: options.limit ?? null,
    testLimit: options.testLimit ?? null,
    label: options.label ?? null,
    target: options.target ?? 0,
    source: options.source ?? 1,
    model,
    defenceSettings: options.defenceSettings ?? {},
    trainRows: data.train.x.rows,
    testRows: data.test.x.rows,
    classNames: data.classNames,
  };
  const grid = { attacks: [...options.attacks], rates: [...options.rates], defences: [...options.defences], seeds: [...options.seeds] };
  const cells = new Map<string, EvaluationCell>();
  if (options.outDir) {
    for (const c of await openOutDir(options.outDir, config, options.resume === true)) cells.set(cellKey(c), c);
    await writeAtomic(join(options.outDir, 'evaluation.json'), `${JSON.stringify(result(config, grid, cells, false), null, 1)}\n`);
  }
  const total = grid.seeds.length * grid.attacks.length * grid.rates.length * grid.defences.length;
  let done = 0;
  progress.start('evaluate', total);
  const settings: DefenceSettings = { ...config.defenceSettings, model };
  for (const seed of grid.seeds) {
    for (const attack of grid.attacks) {
      for (const rate of grid.rates) {
        const poisoned = poisonTraining(attack, data, rate, seed, options);
        let undefended: Promise<Mlp> | undefined;
        for (const { name, parsed } of defences) {
          const key = cellKey({ attack, rate, defence: name, seed });
          const stored = cells.get(key);
          if (stored) {
            options.onCell?.(stored, ++done, total, true);
            progress.update(done);
            continue;
          }
          const t0 = performance.now();
          const outcome = await runDefence(parsed, {
            data,
            poisoned,
            seed,
            settings,
            registry: options.registry,
            undefended: () => (undefended ??= trainUndefended(poisoned, seed, settings)),
          });
          const cell = await measure(data, poisoned, outcome, { attack, rate, defence: name, seed }, t0);
          cells.set(key, cell);
          if (options.outDir) await saveCell(options.outDir, cell, result(config, grid, cells, false));
          options.onCell?.(cell, ++done, total, false);
          progress.update(done);
        }
      }
    }
  }
  progress.finish();
  const final = result(config, grid, cells, true);
  if (options.outDir) await writeAtomic(join(options.outDir, 'evaluation.json'), `${JSON.stringify(final, null, 1)}\n`);
  return final;
}

async function measure(
  data: EvaluationData,
  poisoned: ReturnType<typeof poisonTraining>,
  outcome: Awaited<ReturnType<typeof runDefence>>,
  id: { attack: EvaluationAttack; rate: number; defence: string; seed: number },
  t0: number,
): Promise<EvaluationCell> {
  const predicted = await outcome.predict(data.test.x);
  let right = 0;
  let counted = 0;
  for (let i = 0; i < predicted.length; i++) {
    const y = data.test.labels.codes[i]!;
    if (y < 0) continue;
    counted++;
    if (predicted[i] === y) right++;
  }
  const success = await attackSuccess(poisoned, data.test, outcome.predict);
  let precision: number | null = null;
  let recall: number | null = null;
  let flaggedCount: number | null = null;
  if (outcome.flagged) {
    let tp = 0;
    flaggedCount = 0;
    for (let i = 0; i < outcome.flagged.length; i++) {
      if (outcome.flagged[i]) {
        flaggedCount++;
        if (poisoned.mask[i]) tp++;
      }
    }
    precision = flaggedCount > 0 ? tp / flaggedCount : null;
    recall = poisoned.poisoned > 0 ? tp / poisoned.poisoned : null;
  }
  return {
    ...id,
    poisoned: poisoned.poisoned,
    trainRows: outcome.trainRows,
    cleanAccuracy: counted > 0 ? right / counted : 0,
    attackSuccess: success,
    detectionPrecision: precision,
    detectionRecall: recall,
    flagged: flaggedCount,
    certifiedMedian: outcome.certifiedMedian,
    seconds: Math.round((performance.now() - t0) / 10) / 100,
  };
}

/** Averages the cells of each (attack, rate, defence) over their seeds, in grid order. */
export function summarise(cells: readonly EvaluationCell[], grid: EvaluationResult['grid']): EvaluationSummaryRow[] {
  const rows: EvaluationSummaryRow[] = [];
  for (const attack of grid.attacks) {
    for (const rate of grid.rates) {
      for (const defence of grid.defences) {
        const mine = cells.filter((c) => c.attack === attack && c.rate === rate && c.defence === defence && grid.seeds.includes(c.seed));
        if (mine.length === 0) continue;
        const of = (f: (c: EvaluationCell) => number | null) => meanInterval(mine.map(f).filter((v): v is number => v !== null));
        rows.push({
          attack: attack as EvaluationAttack,
          rate,
          defence,
          seeds: mine.length,
          cleanAccuracy: of((c) => c.cleanAccuracy)!,
          attackSuccess: of((c) => c.attackSuccess),
          detectionPrecision: of((c) => c.detectionPrecision),
          detectionRecall: of((c) => c.detectionRecall),
          seconds: of((c) => c.seconds)!,
        });
      }
    }
  }
  return rows;
}

function result(config: EvaluationConfig, grid: EvaluationResult['grid'], cells: ReadonlyMap<string, EvaluationCell>, complete: boolean): EvaluationResult {
  const inGrid = [...cells.values()].filter((c) => grid.attacks.includes(c.attack) && grid.rates.includes(c.rate) && grid.defences.includes(c.defence) && grid.seeds.includes(c.seed));
  return { format: EVALUATION_FORMAT, version: 1, complete, config, grid, cells: inGrid, summary: summarise(inGrid, grid) };
}

function cellKey(c: { attack: string; rate: number; defence: string; seed: number }): string {
  return `${c.attack}|${c.rate}|${c.defence}|${c.seed}`;
}

function checkGrid(o: EvaluateOptions): void {
  const nonEmpty = (name: string, v: readonly unknown[]) => {
    if (v.length === 0) throw invalidInput(`evaluate: ${name} is empty; give at least one`, { path: [name] });
  };
  nonEmpty('attacks', o.attacks);
  nonEmpty('rates', o.rates);
  nonEmpty('defences', o.defences);
  nonEmpty('seeds', o.seeds);
  for (const a of o.attacks) if (!(EVALUATION_ATTACKS as readonly string[]).includes(a)) throw invalidInput(`evaluate: unknown attack "${a}"; choose from ${EVALUATION_ATTACKS.join(', ')}`, { path: ['attacks'] });
  for (const r of o.rates) if (!(r >= 0 && r <= 1)) throw invalidInput(`evaluate: poison rate ${r} must be within [0, 1]`, { path: ['rates'] });
  for (const s of o.seeds) if (!Number.isInteger(s) || s < 0 || s > 2 ** 32 - 1) throw invalidInput(`evaluate: seed ${s} must be a whole number from 0 to 4294967295`, { path: ['seeds'] });
  for (const [name, list] of [['attacks', o.attacks], ['rates', o.rates], ['defences', o.defences], ['seeds', o.seeds]] as const) {
    if (new Set(list as readonly unknown[]).size !== list.length) throw invalidInput(`evaluate: ${name} lists a value twice`, { path: [name] });
  }
}

/**
 * Prepares the output folder: a fresh one gets nothing yet; one with an earlier run needs
 * `resume` and the same settings, and gives back its finished cells (a last line cut short by a
 * kill is ignored).
 */
async function openOutDir(dir: string, config: EvaluationConfig, resume: boolean): Promise<EvaluationCell[]> {
  await mkdir(dir, { recursive: true });
  let text: string;
  try {
    text = await readFile(join(dir, 'cells.jsonl'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  if (!resume) throw new AntidoteError('conflict', `${dir} already holds an evaluation (cells.jsonl); pass --resume to continue it, or choose another --out folder`, { file: dir });
  let previous: unknown;
  try {
    previous = JSON.parse(await readFile(join(dir, 'evaluation.json'), 'utf8'));
  } catch {
    throw new AntidoteError('conflict', `${dir} has cells.jsonl but no readable evaluation.json, so its settings are unknown; choose another --out folder`, { file: dir });
  }
  const before = (previous as { config?: Record<string, unknown> }).config ?? {};
  for (const key of ['dataset', 'limit', 'testLimit', 'label', 'target', 'source', 'model', 'defenceSettings'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(config[key])) {
      throw new AntidoteError('conflict', `cannot resume ${dir}: it was run with ${key} = ${JSON.stringify(before[key])}, now ${JSON.stringify(config[key])}; use the same settings or another --out folder`, { file: dir });
    }
  }
  const cells: EvaluationCell[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      cells.push(JSON.parse(line) as EvaluationCell);
    } catch {
      // A line cut short when the run was killed: that cell runs again.
    }
  }
  return cells;
}

async function saveCell(dir: string, cell: EvaluationCell, partial: EvaluationResult): Promise<void> {
  await appendFile(join(dir, 'cells.jsonl'), `${JSON.stringify(cell)}\n`);
  await writeAtomic(join(dir, 'evaluation.json'), `${JSON.stringify(partial, null, 1)}\n`);
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
