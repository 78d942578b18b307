import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FASHION_MNIST_CLASSES } from '../../data/fashion-mnist.js';
import { SPAM_ASSASSIN_CLASSES } from '../../data/spam-assassin.js';
import { createDetectorRegistry } from '../../detectors/detector-registry.js';
import { renderEvaluationReportHtml } from '../../report/evaluation-report-html.js';
import { EVALUATION_ATTACKS, type EvaluationAttack } from '../../workflows/evaluate-attacks.js';
import { EVALUATION_DATASETS } from '../../workflows/evaluate-data.js';
import { EVALUATION_HARDENINGS, parseDefence } from '../../workflows/evaluate-defences.js';
import { DEFAULT_LAB_MODEL, evaluate } from '../../workflows/evaluate.js';
import { COMMON_OPTIONS, stringOption, type Command, type CommandContext } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';

/** `antidote evaluate`: the attack x rate x defence x seed grid, JSON and an HTML report. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'measure defences against poisoning attacks: accuracy, attack success, detection, time',
  usage: '--dataset NAME|FILE --attacks A,B --rates R1,R2 --defences D1,D2 --out DIR [options]',
  description:
    'Runs every attack at every poison rate against every defence, once per seed, and writes\n' +
    'DIR/evaluation.json (cells and means with 95% t-intervals over the seeds), DIR/cells.jsonl (one\n' +
    'line per finished cell, written as it finishes) and DIR/report.html (accuracy and attack success\n' +
    'against poison rate, one line per defence). A killed run keeps its finished cells: run the same\n' +
    'command with --resume to carry on. Progress goes to stderr.\n' +
    '\n' +
    `Data sets: ${EVALUATION_DATASETS.join(', ')} (installed separately; see docs), or a CSV file with --label.\n` +
    `Attacks: ${EVALUATION_ATTACKS.join(', ')}. Rates are shares of the attack's eligible rows.\n` +
    `Defences: ${EVALUATION_HARDENINGS.join(', ')}, detector:<name>+sanitize (flagged rows removed),\n` +
    'detector:<name>+relabel (relabelled where confident learning suggests a label, else removed).',
  options: {
    dataset: { type: 'string', value: 'NAME|FILE', help: `${EVALUATION_DATASETS.join(' or ')}, or a CSV file (required)` },
    label: { type: 'string', value: 'COL', help: 'the label column of a CSV file' },
    attacks: { type: 'string', value: 'A,B', help: `comma-separated: ${EVALUATION_ATTACKS.join(', ')} (required)` },
    rates: { type: 'string', value: 'R1,R2', help: 'comma-separated poison rates in [0, 1] (required)' },
    defences: { type: 'string', value: 'D1,D2', help: 'comma-separated defences (default none)' },
    seeds: { type: 'string', value: 'N', help: 'number of seeds, 0..N-1 (default 3)' },
    limit: { type: 'string', value: 'N', help: 'training rows at most' },
    'test-limit': { type: 'string', value: 'N', help: 'test rows at most' },
    epochs: { type: 'string', value: 'N', help: `MLP training epochs (default ${DEFAULT_LAB_MODEL.maxEpochs})` },
    hidden: { type: 'string', value: 'W1,W2', help: `MLP hidden layer widths (default ${DEFAULT_LAB_MODEL.hiddenLayers!.join(',')})` },
    target: { type: 'string', value: 'CLASS', help: 'class backdoors aim at and targeted flips relabel as (default: the first class)' },
    source: { type: 'string', value: 'CLASS', help: 'class targeted flips relabel (default: the second class)' },
    'image-shape': { type: 'string', value: 'HxW[xC]', help: 'rows of a CSV file are images of this shape (for backdoor-patch)' },
    'dpa-partitions': { type: 'string', value: 'K', help: 'dpa: partitions and base models (default 10)' },
    'trim-fraction': { type: 'string', value: 'F', help: 'trimmed-loss: share of highest-loss rows dropped each epoch (default 0.2)' },
    'augment-fraction': { type: 'string', value: 'F', help: 'augment: share of rows copied with the trigger (default 0.5)' },
    epsilon: { type: 'string', value: 'E', help: 'adversarial: FGSM budget in feature units (default 5% of the feature range)' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'output folder (required)' },
    resume: { type: 'boolean', help: 'skip the cells DIR already holds (same settings required)' },
    delimiter: { type: 'string', value: 'CHAR', help: 'CSV field delimiter (default: detected)' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 0, max: 0, names: [] },
  examples: [
    'antidote evaluate --dataset fashion-mnist --attacks backdoor-patch,label-flip --rates 0.01,0.05,0.1 --defences none,detector:spectral-signatures+sanitize,dpa --seeds 3 --limit 5000 --out lab',
    'antidote evaluate --dataset spam-assassin --attacks targeted-flip --rates 0,0.3 --defences none,trimmed-loss,detector:confident-learning+relabel --out spam-lab',
    'antidote evaluate --dataset data.csv --label y --attacks label-flip --rates 0.1,0.2 --defences none,trimmed-loss --seeds 5 --out lab --resume',
  ],
  async run(ctx) {
    const dataset = required(ctx, 'dataset');
    const out = required(ctx, 'out');
    const attacks = list(required(ctx, 'attacks'), '--attacks').map((a) => {
      if (!(EVALUATION_ATTACKS as readonly string[]).includes(a)) throw new UsageError(`--attacks: unknown attack "${a}"; choose from ${EVALUATION_ATTACKS.join(', ')}`);
      return a as EvaluationAttack;
    });
    const rates = list(required(ctx, 'rates'), '--rates').map((r) => {
      const v = Number(r);
      if (r.trim() === '' || !(v >= 0 && v <= 1)) throw new UsageError(`--rates: "${r}" is not a rate; give numbers from 0 to 1, e.g. --rates 0.01,0.05,0.1`);
      return v;
    });
    const registry = createDetectorRegistry();
    const defences = list(stringOption(ctx, 'defences') ?? 'none', '--defences');
    for (const d of defences) {
      try {
        parseDefence(d, registry);
      } catch (e) {
        throw new UsageError(`--defences: ${(e as Error).message}`);
      }
    }
    const seedCount = integer(ctx, 'seeds', 1, 1000) ?? 3;
    const limit = integer(ctx, 'limit', 10);
    const testLimit = integer(ctx, 'test-limit', 10);
    const epochs = integer(ctx, 'epochs', 1, 10000);
    const partitions = integer(ctx, 'dpa-partitions', 2, 100000);
    const hidden = stringOption(ctx, 'hidden');
    const hiddenLayers = hidden === undefined ? undefined : list(hidden, '--hidden').map((h) => {
      const v = Number(h);
      if (!Number.isInteger(v) || v < 1) throw new UsageError(`--hidden: "${h}" is not a layer width; give positive whole numbers, e.g. --hidden 256,128`);
      return v;
    });
    const trim = share(ctx, 'trim-fraction', false);
    const augment = share(ctx, 'augment-fraction', true);
    const epsText = stringOption(ctx, 'epsilon');
    const epsilon = epsText === undefined ? undefined : Number(epsText);
    if (epsilon !== undefined && !(epsilon > 0 && Number.isFinite(epsilon))) throw new UsageError(`--epsilon must be a positive number, got "${epsText}"`);
    const label = stringOption(ctx, 'label');
    const isBuiltIn = (EVALUATION_DATASETS as readonly string[]).includes(dataset);
    if (!isBuiltIn && label === undefined) throw new UsageError(`--dataset ${dataset} is a file, so --label COL is required (built-in data sets: ${EVALUATION_DATASETS.join(', ')})`);
    if (isBuiltIn && label !== undefined) throw new UsageError(`--label is for CSV files; ${dataset} has its own labels`);
    const d = stringOption(ctx, 'delimiter');
    const shapeText = stringOption(ctx, 'image-shape');
    let imageShape: { height: number; width: number; channels: number } | undefined;
    if (shapeText !== undefined) {
      const m = /^(\d+)x(\d+)(?:x(\d+))?$/.exec(shapeText);
      if (!m) throw new UsageError(`--image-shape must look like 28x28 or 32x32x3, got "${shapeText}"`);
      imageShape = { height: Number(m[1]), width: Number(m[2]), channels: m[3] ? Number(m[3]) : 1 };
    }
    const classNames = dataset === 'spam-assassin' ? SPAM_ASSASSIN_CLASSES : dataset === 'fashion-mnist' ? FASHION_MNIST_CLASSES : null;
    const dir = resolve(out);
    const result = await evaluate({
      dataset,
      attacks,
      rates,
      defences,
      seeds: Array.from({ length: seedCount }, (_, i) => i),
      registry,
      outDir: dir,
      resume: ctx.values['resume'] === true,
      progress: ctx.progress,
      model: { ...DEFAULT_LAB_MODEL, ...(epochs !== undefined ? { maxEpochs: epochs } : {}), ...(hiddenLayers ? { hiddenLayers } : {}) },
      defenceSettings: {
        ...(partitions !== undefined ? { dpaPartitions: partitions } : {}),
        ...(trim !== undefined ? { trimFraction: trim } : {}),
        ...(augment !== undefined ? { augmentFraction: augment } : {}),
        ...(epsilon !== undefined ? { epsilon } : {}),
      },
      ...(label !== undefined ? { label } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(testLimit !== undefined ? { testLimit } : {}),
      ...(d !== undefined ? { delimiter: d === '\\t' || d === 'tab' ? '\t' : d } : {}),
      ...(imageShape ? { imageShape } : {}),
      ...classFlags(ctx, classNames),
      onCell: (c, done, total, skipped) => {
        if (ctx.values['quiet'] === true) return;
        const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);
        ctx.note(`[${done}/${total}] ${c.attack} rate ${c.rate} ${c.defence} seed ${c.seed}: ${skipped ? 'already done' : `accuracy ${pct(c.cleanAccuracy)}, attack success ${pct(c.attackSuccess)}${c.detectionRecall !== null || c.detectionPrecision !== null ? `, detection precision ${pct(c.detectionPrecision)} recall ${pct(c.detectionRecall)}` : ''} (${c.seconds} s)`}`);
      },
    });
    const report = join(dir, 'report.html');
    await writeFile(report, renderEvaluationReportHtml(result));
    if (ctx.json) {
      ctx.printJson({ out: dir, files: { evaluation: join(dir, 'evaluation.json'), cells: join(dir, 'cells.jsonl'), report }, summary: result.summary });
    } else {
      const pct = (m: { mean: number; low: number; high: number; n: number } | null) => (m ? `${(100 * m.mean).toFixed(1)}%${m.n > 1 ? ` ±${(50 * (m.high - m.low)).toFixed(1)}` : ''}` : 'n/a');
      for (const s of result.summary) ctx.print(`${s.attack} rate ${s.rate} ${s.defence}: accuracy ${pct(s.cleanAccuracy)}, attack success ${pct(s.attackSuccess)} (${s.seeds} seeds)`);
      ctx.print(`results: ${join(dir, 'evaluation.json')}`);
      ctx.print(`report:  ${report}`);
    }
    return EXIT.ok;
  },
};

function required(ctx: CommandContext, name: string): string {
  const v = stringOption(ctx, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

function list(text: string, flag: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${flag}: "${text}" has an empty item; separate values by single commas`);
  if (new Set(items).size !== items.length) throw new UsageError(`${flag}: "${text}" lists a value twice`);
  return items;
}

function integer(ctx: CommandContext, name: string, min: number, max = 2 ** 31 - 1): number | undefined {
  const s = stringOption(ctx, name);
  if (s === undefined) return undefined;
  const v = Number(s);
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${s}"`);
  return v;
}

function share(ctx: CommandContext, name: string, allowOne: boolean): number | undefined {
  const s = stringOption(ctx, name);
  if (s === undefined) return undefined;
  const v = Number(s);
  const ok = allowOne ? v > 0 && v <= 1 : v >= 0 && v < 1;
  if (!ok) throw new UsageError(`--${name} must be a number in ${allowOne ? '(0, 1]' : '[0, 1)'}, got "${s}"`);
  return v;
}

/** --target / --source as class codes: a code, or a class name of a built-in data set. */
function classFlags(ctx: CommandContext, names: readonly string[] | null): { target?: number; source?: number } {
  const out: { target?: number; source?: number } = {};
  for (const flag of ['target', 'source'] as const) {
    const s = stringOption(ctx, flag);
    if (s === undefined) continue;
    const byName = names?.indexOf(s) ?? -1;
    const v = byName >= 0 ? byName : Number(s);
    if (!Number.isInteger(v) || v < 0) throw new UsageError(`--${flag}: "${s}" is not a class code${names ? ` or one of ${names.join(', ')}` : ' (a CSV\'s classes are numbered 0.. in sorted order)'}`);
    out[flag] = v;
  }
  return out;
}
