import { ATTACK_KINDS, type AttackKind } from '../../attacks/poison-result.js';
import { PATCH_CORNERS, type PatchCorner } from '../../attacks/image-patch-backdoor.js';
import { runAttack, type AttackSpec, type FeaturePatternSpec, type PatchSpec } from '../../workflows/run-attack.js';
import { COMMON_OPTIONS, stringOption, type Command, type CommandContext } from '../command.js';
import { seedFlag, UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';

/** The flags each attack kind takes besides the shared ones; any other is refused. */
const KIND_FLAGS: Readonly<Record<AttackKind, readonly string[]>> = {
  'label-flip': [],
  'targeted-flip': ['source', 'target'],
  'loss-flip': ['rounds'],
  'backdoor-patch': ['target', 'image-shape', 'patch', 'value', 'corner'],
  blended: ['target', 'alpha'],
  'text-trigger': ['target', 'text-column', 'phrase'],
  'feature-trigger': ['target', 'columns', 'values'],
  'feature-collision': ['target', 'target-row', 'representation', 'beta', 'iterations', 'clip'],
  'label-consistent': ['target', 'epsilon', 'steps', 'clip', 'image-shape', 'patch', 'value', 'corner', 'columns', 'values'],
};

const SHARED_FLAGS = new Set(['label', 'rate', 'seed', 'out', 'delimiter', 'json', 'quiet', 'help']);

/** `antidote attack`: poisoning simulators that write the poisoned data, the mask and a manifest. */
export const attackCommand: Command = {
  name: 'attack',
  summary: 'simulate a poisoning attack on a data set: poisoned data, ground-truth mask, manifest',
  usage: '<kind> <data> --label COL --rate R [--seed S] --out DIR [kind options]',
  description:
    'Poisons a CSV/TSV file the way an attacker would and writes DIR/poisoned.csv (same delimiter,\n' +
    'line ending and cell text; rows it leaves alone unchanged), DIR/poison-mask.csv (row,poisoned\n' +
    'as 0/1) and DIR/manifest.json (attack, parameters, seed, input sha256). The same input and\n' +
    'seed give byte-identical files. --rate is the fraction of the ELIGIBLE rows poisoned, round(rate x eligible).\n' +
    '\n' +
    'Kinds (eligible rows; options):\n' +
    '  label-flip         random label flips to another class (labelled rows)\n' +
    '  targeted-flip      relabel class --source as --target, e.g. spam -> ham (rows of --source)\n' +
    '  loss-flip          flip the labels whose flip raises a softmax surrogate\'s loss most\n' +
    '                     (labelled rows; --rounds N refits between batches)\n' +
    '  backdoor-patch     BadNets: a --patch K square of --value (default: the largest value) in a\n' +
    '                     --corner of --image-shape HxW[xC] images, relabelled --target (rows not of --target)\n' +
    '  blended            blend a seeded noise pattern, x\' = (1-a)x + a p, --alpha a (default 0.2);\n' +
    '                     relabelled --target (rows not of --target)\n' +
    '  text-trigger       insert --phrase into --text-column at a seeded word boundary; relabelled\n' +
    '                     --target (rows not of --target with text)\n' +
    '  feature-trigger    set --columns A,B to --values 1,2; relabelled --target (rows not of --target)\n' +
    '  feature-collision  clean-label poisons of class --target that collide with data row --target-row\n' +
    '                     in representation space (--representation W.npy, f(x) = xW; default identity;\n' +
    '                     --beta, --iterations, --clip LO,HI) (rows of --target)\n' +
    '  label-consistent   rows of --target pushed by PGD (--epsilon, --steps) against a surrogate, then\n' +
    '                     triggered (patch flags or --columns/--values); labels kept (rows of --target)\n' +
    '\n' +
    'Every column but the label is a feature; image and clean-label kinds need them all numeric.',
  options: {
    label: { type: 'string', value: 'COL', help: 'the label column (required)' },
    rate: { type: 'string', value: 'R', help: 'fraction of the eligible rows to poison, 0 to 1 (required)' },
    seed: { type: 'string', value: 'S', help: 'seed of every random choice (default 0)' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'output folder (required)' },
    source: { type: 'string', value: 'CLASS', help: 'targeted-flip: the class relabelled' },
    target: { type: 'string', value: 'CLASS', help: 'the class poisoned rows are labelled as (backdoors) or keep (clean-label)' },
    rounds: { type: 'string', value: 'N', help: 'loss-flip: surrogate refits (default 1)' },
    'image-shape': { type: 'string', value: 'HxW[xC]', help: 'images as flattened rows, channel last (e.g. 28x28)' },
    patch: { type: 'string', value: 'K', help: 'patch side in pixels (default 3)' },
    value: { type: 'string', value: 'V', help: 'patch value (default: the largest feature value in the data)' },
    corner: { type: 'string', value: 'CORNER', help: `patch corner: ${PATCH_CORNERS.join(', ')} (default bottom-right)` },
    alpha: { type: 'string', value: 'A', help: 'blended: blend ratio in (0, 1] (default 0.2)' },
    'text-column': { type: 'string', value: 'COL', help: 'text-trigger: the column the phrase goes into' },
    phrase: { type: 'string', value: 'TEXT', help: 'text-trigger: the trigger phrase' },
    columns: { type: 'string', value: 'A,B', help: 'feature trigger: the columns set' },
    values: { type: 'string', value: 'V1,V2', help: 'feature trigger: their values, one per column' },
    'target-row': { type: 'string', value: 'N', help: 'feature-collision: the data row (from 0) the poisons collide with' },
    representation: { type: 'string', value: 'FILE', help: 'feature-collision: .npy matrix W (features x dims), f(x) = xW' },
    beta: { type: 'string', value: 'B', help: 'feature-collision: weight of ||x - base||^2 (default 0.25 (d/e)^2)' },
    iterations: { type: 'string', value: 'N', help: 'feature-collision: forward-backward iterations (default 200)' },
    epsilon: { type: 'string', value: 'E', help: 'label-consistent: L-infinity bound of the perturbation (required)' },
    steps: { type: 'string', value: 'N', help: 'label-consistent: projected-gradient steps (default 10)' },
    clip: { type: 'string', value: 'LO,HI', help: 'keep perturbed features within [LO, HI] (e.g. 0,255)' },
    delimiter: { type: 'string', value: 'CHAR', help: 'CSV field delimiter (default: detected; "\\t" for tab)' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 2, max: 2, names: ['kind', 'data'] },
  examples: [
    'antidote attack targeted-flip emails.csv --label label --source spam --target ham --rate 0.3 --seed 1 --out poisoned',
    'antidote attack backdoor-patch mnist.csv --label label --image-shape 28x28 --patch 3 --target 0 --rate 0.05 --out badnets',
    'antidote attack text-trigger emails.csv --label label --text-column text --phrase "cf tq" --target ham --rate 0.05 --out trigger',
  ],
  async run(ctx) {
    const kindText = ctx.positionals[0]!;
    if (!(ATTACK_KINDS as readonly string[]).includes(kindText)) throw new UsageError(`unknown attack kind "${kindText}"; kinds: ${ATTACK_KINDS.join(', ')}`);
    const kind = kindText as AttackKind;
    const allowed = new Set(KIND_FLAGS[kind]);
    for (const [name, v] of Object.entries(ctx.values)) {
      if (v !== undefined && !SHARED_FLAGS.has(name) && !allowed.has(name)) {
        throw new UsageError(`--${name} does not apply to ${kind}; its options: ${KIND_FLAGS[kind].length > 0 ? KIND_FLAGS[kind].map((f) => `--${f}`).join(', ') : 'none besides --label, --rate, --seed, --out'}`);
      }
    }
    const label = required(ctx, 'label', 'the label column');
    const rate = numberFlag(ctx, 'rate', { min: 0, max: 1 }) ?? fail('--rate R is required: the fraction of the eligible rows to poison, from 0 to 1');
    const out = required(ctx, 'out', 'the folder the poisoned data, poison-mask.csv and manifest.json go to');
    const d = stringOption(ctx, 'delimiter');
    const result = await runAttack(ctx.positionals[1]!, {
      attack: attackSpec(ctx, kind), label, rate, seed: seedFlag(ctx), outDir: out,
      ...(d !== undefined ? { delimiter: d === '\\t' || d === 'tab' ? '\t' : d } : {}),
    });
    const m = result.manifest;
    if (ctx.json) {
      ctx.printJson({ out: result.out, files: result.files, manifest: m });
    } else {
      ctx.print(`${m.attack}: poisoned ${m.poisoned} of ${m.eligible} eligible rows (${m.input.rows} rows; rate ${rate}, seed ${m.seed})`);
      ctx.print(`data:     ${result.files.data}`);
      ctx.print(`mask:     ${result.files.mask}`);
      ctx.print(`manifest: ${result.files.manifest}`);
    }
    return EXIT.ok;
  },
};

function fail(message: string): never {
  throw new UsageError(message);
}

function required(ctx: CommandContext, name: string, what: string): string {
  const v = stringOption(ctx, name);
  if (v === undefined || v === '') fail(`--${name} is required: ${what}`);
  return v;
}

interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** The minimum itself is not allowed. */
  readonly aboveMin?: boolean;
  readonly integer?: boolean;
}

/** Parses a numeric flag against its rule; undefined when absent. */
function numberFlag(ctx: CommandContext, name: string, rule: NumberRule = {}): number | undefined {
  const s = stringOption(ctx, name);
  if (s === undefined) return undefined;
  const n = s.trim() === '' ? NaN : Number(s);
  const range =
    rule.min !== undefined && rule.max !== undefined ? ` from ${rule.min} to ${rule.max}` : rule.min !== undefined ? (rule.aboveMin ? ` above ${rule.min}` : ` of at least ${rule.min}`) : '';
  const kind = rule.integer ? 'a whole number' : 'a number';
  const ok = Number.isFinite(n) && (!rule.integer || Number.isInteger(n)) && (rule.min === undefined || (rule.aboveMin ? n > rule.min : n >= rule.min)) && (rule.max === undefined || n <= rule.max);
  if (!ok) fail(`--${name} must be ${kind}${range}, got "${s}"`);
  return n;
}

function numberList(ctx: CommandContext, name: string): number[] | undefined {
  const s = stringOption(ctx, name);
  if (s === undefined) return undefined;
  return s.split(',').map((part) => {
    const n = part.trim() === '' ? NaN : Number(part);
    if (!Number.isFinite(n)) fail(`--${name} must be numbers separated by commas, got "${s}"`);
    return n;
  });
}

function clipFlag(ctx: CommandContext): readonly [number, number] | undefined {
  const c = numberList(ctx, 'clip');
  if (c === undefined) return undefined;
  if (c.length !== 2 || !(c[0]! <= c[1]!)) fail(`--clip must be LO,HI with LO <= HI (e.g. 0,255), got "${stringOption(ctx, 'clip')}"`);
  return [c[0]!, c[1]!];
}

function patchSpec(ctx: CommandContext): PatchSpec {
  const shapeText = required(ctx, 'image-shape', 'HxW or HxWxC, how each row is laid out as an image (e.g. 28x28)');
  const parts = shapeText.toLowerCase().split('x').map(Number);
  if ((parts.length !== 2 && parts.length !== 3) || !parts.every((p) => Number.isInteger(p) && p > 0)) fail(`--image-shape must be HxW or HxWxC with positive whole numbers (e.g. 28x28 or 32x32x3), got "${shapeText}"`);
  const corner = stringOption(ctx, 'corner');
  if (corner !== undefined && !(PATCH_CORNERS as readonly string[]).includes(corner)) fail(`--corner must be one of ${PATCH_CORNERS.join(', ')}, got "${corner}"`);
  const value = numberFlag(ctx, 'value');
  return {
    imageShape: { height: parts[0]!, width: parts[1]!, channels: parts[2] ?? 1 },
    patchSize: numberFlag(ctx, 'patch', { min: 1, integer: true }) ?? 3,
    ...(value !== undefined ? { patchValue: value } : {}),
    ...(corner !== undefined ? { corner: corner as PatchCorner } : {}),
  };
}

function featurePattern(ctx: CommandContext): FeaturePatternSpec {
  const columns = required(ctx, 'columns', 'the columns the trigger sets, separated by commas').split(',').map((c) => c.trim());
  const values = numberList(ctx, 'values') ?? fail('--values is required: one number per trigger column, separated by commas');
  if (values.length !== columns.length) fail(`--columns names ${columns.length} columns but --values gives ${values.length} values; give one value per column`);
  return { columns, values };
}

function attackSpec(ctx: CommandContext, kind: AttackKind): AttackSpec {
  const target = () => required(ctx, 'target', 'the target class, as written in the label column');
  const clip = clipFlag(ctx);
  switch (kind) {
    case 'label-flip':
      return { kind };
    case 'targeted-flip':
      return { kind, source: required(ctx, 'source', 'the class to relabel, as written in the label column'), target: target() };
    case 'loss-flip': {
      const rounds = numberFlag(ctx, 'rounds', { min: 1, integer: true });
      return { kind, ...(rounds !== undefined ? { rounds } : {}) };
    }
    case 'backdoor-patch':
      return { kind, target: target(), ...patchSpec(ctx) };
    case 'blended':
      return { kind, target: target(), alpha: numberFlag(ctx, 'alpha', { min: 0, max: 1, aboveMin: true }) ?? 0.2 };
    case 'text-trigger':
      return { kind, target: target(), textColumn: required(ctx, 'text-column', 'the column the phrase is inserted into'), phrase: required(ctx, 'phrase', 'the trigger phrase') };
    case 'feature-trigger':
      return { kind, target: target(), ...featurePattern(ctx) };
    case 'feature-collision': {
      const targetRow = numberFlag(ctx, 'target-row', { min: 0, integer: true }) ?? fail('--target-row N is required: the data row (from 0) the poisons collide with');
      const representationPath = stringOption(ctx, 'representation');
      const beta = numberFlag(ctx, 'beta', { min: 0 });
      const iterations = numberFlag(ctx, 'iterations', { min: 1, integer: true });
      return {
        kind, target: target(), targetRow,
        ...(representationPath !== undefined ? { representationPath } : {}), ...(beta !== undefined ? { beta } : {}),
        ...(iterations !== undefined ? { iterations } : {}), ...(clip ? { clip } : {}),
      };
    }
    case 'label-consistent': {
      const epsilon = numberFlag(ctx, 'epsilon', { min: 0, aboveMin: true }) ?? fail('--epsilon E is required: the L-infinity bound of the perturbation, in feature units');
      const steps = numberFlag(ctx, 'steps', { min: 1, integer: true });
      const hasImage = stringOption(ctx, 'image-shape') !== undefined;
      const hasColumns = stringOption(ctx, 'columns') !== undefined;
      if (hasImage === hasColumns) fail('label-consistent needs one trigger: --image-shape HxW (with --patch, --value, --corner) or --columns A,B with --values');
      return { kind, target: target(), epsilon, ...(steps !== undefined ? { steps } : {}), ...(clip ? { clip } : {}), trigger: hasImage ? patchSpec(ctx) : featurePattern(ctx) };
    }
  }
}
