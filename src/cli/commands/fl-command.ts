import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ATTACK_SCALE_MEANING, BYZANTINE_ATTACKS, isByzantineAttack } from '../../federated/byzantine/byzantine-attacks.js';
import { DATA_SPLITS, DEFAULT_FL_SIMULATION, type DataSplit, type FlSimulationConfig } from '../../federated/simulation/fl-simulation-config.js';
import { AGGREGATOR_ALIASES } from '../../federated/simulation/simulation-aggregators.js';
import { BUILT_IN_AGGREGATORS } from '../../federated/aggregation/aggregator-registry.js';
import { renderFlReportHtml } from '../../report/fl-report-html.js';
import { flSimulate } from '../../workflows/fl-simulate.js';
import { COMMON_OPTIONS, stringOption, type Command, type CommandContext } from '../command.js';
import { seedFlag, UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { textTable } from '../terminal-table.js';

/** The HTML report's file name in the output folder. */
export const FL_REPORT_FILE = 'fl-report.html';

const ACTIONS = ['simulate'] as const;

/** `antidote fl simulate`: Byzantine clients against robust aggregation rules on Fashion-MNIST. */
export const flCommand: Command = {
  name: 'fl',
  summary: 'federated learning: simulate Byzantine clients against robust aggregation rules',
  usage: 'simulate --clients N --byzantine F --attack KIND --aggregators A,B --rounds R --out DIR [options]',
  description:
    'Splits Fashion-MNIST (apt-get install -y dataset-fashion-mnist) across N clients, makes F of them\n' +
    'Byzantine, and runs federated training once per aggregation rule, every run from the same seed\n' +
    '(same split, attackers, initial model and client sampling). Each round the sampled clients train\n' +
    'locally (mini-batch SGD), the Byzantine ones substitute their updates, the rule aggregates, and the\n' +
    'global model is tested. Writes DIR/fl-result.json (every round of every rule) and DIR/fl-report.html\n' +
    '(accuracy per round, one line per rule; attack success per round for targeted attacks).\n' +
    'Progress goes to stderr, one line per round.\n' +
    '\n' +
    'Attacks (--attack-scale sets the number in brackets):\n' +
    '  none        the F clients behave honestly (the attack-free reference)\n' +
    `  sign-flip   send −λ · own update [${ATTACK_SCALE_MEANING['sign-flip']}] (Li et al. 2019)\n` +
    `  scaling     model-replacement backdoor: train with a BadNets patch → --target, boost [${ATTACK_SCALE_MEANING.scaling}] (Bagdasaryan et al. 2020)\n` +
    `  noise       Gaussian updates [${ATTACK_SCALE_MEANING.noise}] (Blanchard et al. 2017)\n` +
    `  alie        A Little Is Enough, μ − z·σ of the honest updates [${ATTACK_SCALE_MEANING.alie}] (Baruch et al. 2019)\n` +
    `  ipm         inner-product manipulation [${ATTACK_SCALE_MEANING.ipm}] (Xie et al. 2020)\n` +
    '  label-flip  train on labels y → 9 − y (Tolpegin et al. 2020)\n' +
    '\n' +
    `Aggregators: ${BUILT_IN_AGGREGATORS.map((a) => a.name).join(', ')}\n` +
    `  (aliases: ${Object.entries(AGGREGATOR_ALIASES).map(([a, n]) => `${a} = ${n}`).join(', ')}).\n` +
    'Rules that tolerate f Byzantine clients are told f = F and refuse rounds that are too small\n' +
    '(Krum n >= 2f + 3, Bulyan n >= 4f + 3, median and trimmed mean n >= 2f + 1).',
  options: {
    clients: { type: 'string', value: 'N', help: `clients (default ${DEFAULT_FL_SIMULATION.clients})` },
    byzantine: { type: 'string', value: 'F', help: `Byzantine clients among them, also the f the rules assume (default ${DEFAULT_FL_SIMULATION.byzantine})` },
    attack: { type: 'string', value: 'KIND', help: `${BYZANTINE_ATTACKS.join('|')} (default ${DEFAULT_FL_SIMULATION.attack})` },
    'attack-scale': { type: 'string', value: 'X', help: 'the attack\'s number (λ, γ, σ, z or ε; see above)' },
    target: { type: 'string', value: 'CLASS', help: 'scaling: the backdoor\'s target class code 0-9 (default 0)' },
    aggregators: { type: 'string', value: 'A,B', help: `rules, comma-separated (default ${DEFAULT_FL_SIMULATION.aggregators.join(',')})` },
    rounds: { type: 'string', value: 'R', help: `federated rounds (default ${DEFAULT_FL_SIMULATION.rounds})` },
    'per-round': { type: 'string', value: 'K', help: 'clients sampled per round (default all N)' },
    split: { type: 'string', value: 'SPLIT', help: `${DATA_SPLITS.join('|')} (default iid)` },
    alpha: { type: 'string', value: 'A', help: `Dirichlet concentration for --split dirichlet (default ${DEFAULT_FL_SIMULATION.alpha}; small = non-IID)` },
    hidden: { type: 'string', value: 'W', help: 'width of one hidden layer; 0 = softmax regression (default 0)' },
    epochs: { type: 'string', value: 'E', help: `local epochs per round (default ${DEFAULT_FL_SIMULATION.local.epochs})` },
    'batch-size': { type: 'string', value: 'B', help: `local mini-batch size (default ${DEFAULT_FL_SIMULATION.local.batchSize})` },
    lr: { type: 'string', value: 'ETA', help: `local SGD step size (default ${DEFAULT_FL_SIMULATION.local.learningRate})` },
    seed: { type: 'string', value: 'S', help: 'seed of every random choice (default 0)' },
    limit: { type: 'string', value: 'ROWS', help: 'use only the first ROWS training images (default all 60,000)' },
    'test-limit': { type: 'string', value: 'ROWS', help: 'use only the first ROWS test images (default all 10,000)' },
    'data-dir': { type: 'string', value: 'DIR', help: 'folder of the Fashion-MNIST .gz files (default /usr/share/datasets/fashion-mnist)' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'output folder for fl-result.json and fl-report.html (required)' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 1, names: ['action'] },
  examples: [
    'antidote fl simulate --clients 20 --byzantine 4 --attack sign-flip --aggregators fedavg,median,trimmed-mean,krum --rounds 20 --limit 6000 --out fl-out',
    'antidote fl simulate --clients 30 --byzantine 6 --attack alie --aggregators fedavg,median,bulyan,centered-clipping --split dirichlet --alpha 0.5 --out fl-alie',
    'antidote fl simulate --attack scaling --target 0 --aggregators fedavg,norm-clipping,fl-trust --limit 6000 --json --out fl-backdoor',
  ],
  async run(ctx) {
    const action = ctx.positionals[0]!;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown fl action "${action}"; actions: ${ACTIONS.join(', ')}`);
    const out = stringOption(ctx, 'out');
    if (out === undefined || out === '') throw new UsageError('--out DIR is required: the folder fl-result.json and fl-report.html go to');
    const config = simulationConfig(ctx);
    const trainLimit = integerFlag(ctx, 'limit', 1);
    const testLimit = integerFlag(ctx, 'test-limit', 1);
    const dataDir = stringOption(ctx, 'data-dir');
    const quiet = ctx.values['quiet'] === true;
    const { result, file } = await flSimulate(
      { config, outDir: out, ...(trainLimit !== undefined ? { trainLimit } : {}), ...(testLimit !== undefined ? { testLimit } : {}), ...(dataDir !== undefined ? { dataDir } : {}) },
      {
        onRound: ({ aggregator, rounds, metrics: m }) => {
          if (!quiet) ctx.note(`fl: ${aggregator} round ${m.round}/${rounds}: accuracy ${pct(m.accuracy)}${m.attackSuccess !== null ? `, attack success ${pct(m.attackSuccess)}` : ''}${m.skipped ? ' (aggregate not finite: round skipped)' : ''}`);
        },
      },
    );
    const reportFile = join(resolve(out), FL_REPORT_FILE);
    await writeFile(`${reportFile}.partial`, renderFlReportHtml(result));
    await rename(`${reportFile}.partial`, reportFile);
    if (ctx.json) {
      ctx.printJson({
        attack: result.attack.name,
        finalAccuracy: Object.fromEntries(result.runs.map((r) => [r.aggregator, r.finalAccuracy])),
        finalAttackSuccess: result.attack.targeted ? Object.fromEntries(result.runs.map((r) => [r.aggregator, r.finalAttackSuccess])) : null,
        files: { result: file, report: reportFile },
      });
    } else {
      ctx.print(`${result.attack.name}: ${result.config.byzantine} of ${result.config.clients} clients Byzantine, ${result.config.rounds} rounds, ${result.model.kind} (${result.model.parameters} parameters); initial accuracy ${pct(result.initial.accuracy)}`);
      ctx.print(textTable(
        ['rule', 'final accuracy', ...(result.attack.targeted ? ['attack success'] : []), 'seconds'],
        result.runs.map((r) => [r.aggregator, pct(r.finalAccuracy), ...(result.attack.targeted ? [pct(r.finalAttackSuccess)] : []), r.seconds.toFixed(1)]),
        result.attack.targeted ? [1, 2, 3] : [1, 2],
      ));
      ctx.print(`result: ${file}`);
      ctx.print(`report: ${reportFile}`);
    }
    return EXIT.ok;
  },
};

function pct(v: number | null): string {
  return v === null ? '—' : `${(100 * v).toFixed(1)}%`;
}

function simulationConfig(ctx: CommandContext): Partial<FlSimulationConfig> {
  const clients = integerFlag(ctx, 'clients', 1) ?? DEFAULT_FL_SIMULATION.clients;
  const byzantine = integerFlag(ctx, 'byzantine', 0) ?? Math.min(DEFAULT_FL_SIMULATION.byzantine, clients - 1);
  if (byzantine >= clients) throw new UsageError(`--byzantine ${byzantine} must be smaller than --clients ${clients} (at least one honest client)`);
  const perRound = integerFlag(ctx, 'per-round', 1);
  if (perRound !== undefined && perRound > clients) throw new UsageError(`--per-round ${perRound} cannot exceed --clients ${clients}`);
  const attack = stringOption(ctx, 'attack') ?? DEFAULT_FL_SIMULATION.attack;
  if (!isByzantineAttack(attack)) throw new UsageError(`unknown --attack "${attack}"; attacks: ${BYZANTINE_ATTACKS.join(', ')}`);
  if (attack !== 'none' && byzantine === 0) throw new UsageError(`--attack ${attack} needs --byzantine of at least 1; use --attack none for an attack-free run`);
  const split = stringOption(ctx, 'split') ?? 'iid';
  if (!(DATA_SPLITS as readonly string[]).includes(split)) throw new UsageError(`unknown --split "${split}"; splits: ${DATA_SPLITS.join(', ')}`);
  if (split !== 'dirichlet' && stringOption(ctx, 'alpha') !== undefined) throw new UsageError('--alpha applies to --split dirichlet only');
  const aggregatorsText = stringOption(ctx, 'aggregators');
  const aggregators = aggregatorsText === undefined ? DEFAULT_FL_SIMULATION.aggregators : aggregatorsText.split(',').map((a) => a.trim());
  if (aggregators.some((a) => a === '')) throw new UsageError(`--aggregators must be rule names separated by commas, got "${aggregatorsText}"`);
  const target = integerFlag(ctx, 'target', 0);
  if (target !== undefined && attack !== 'scaling') throw new UsageError('--target applies to --attack scaling only (the backdoor\'s target class)');
  if (target !== undefined && target > 9) throw new UsageError(`--target must be a Fashion-MNIST class code from 0 to 9, got ${target}`);
  const scale = numberFlag(ctx, 'attack-scale');
  if (scale !== undefined && (attack === 'none' || attack === 'label-flip')) throw new UsageError(`--attack-scale does not apply to --attack ${attack}`);
  const hidden = integerFlag(ctx, 'hidden', 0) ?? 0;
  const alpha = numberFlag(ctx, 'alpha', true);
  const lr = numberFlag(ctx, 'lr', true);
  return {
    clients,
    byzantine,
    clientsPerRound: perRound ?? clients,
    rounds: integerFlag(ctx, 'rounds', 1) ?? DEFAULT_FL_SIMULATION.rounds,
    attack,
    ...(scale !== undefined ? { attackScale: scale } : {}),
    ...(target !== undefined ? { backdoorTarget: target } : {}),
    aggregators,
    split: split as DataSplit,
    ...(alpha !== undefined ? { alpha } : {}),
    hiddenLayers: hidden > 0 ? [hidden] : [],
    local: {
      epochs: integerFlag(ctx, 'epochs', 1) ?? DEFAULT_FL_SIMULATION.local.epochs,
      batchSize: integerFlag(ctx, 'batch-size', 1) ?? DEFAULT_FL_SIMULATION.local.batchSize,
      learningRate: lr ?? DEFAULT_FL_SIMULATION.local.learningRate,
    },
    seed: seedFlag(ctx),
  };
}

function integerFlag(ctx: CommandContext, name: string, min: number): number | undefined {
  const s = stringOption(ctx, name);
  if (s === undefined) return undefined;
  const n = s.trim() === '' ? NaN : Number(s);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${s}"`);
  return n;
}

function numberFlag(ctx: CommandContext, name: string, positive = false): number | undefined {
  const s = stringOption(ctx, name);
  if (s === undefined) return undefined;
  const n = s.trim() === '' ? NaN : Number(s);
  if (!Number.isFinite(n) || (positive && !(n > 0))) throw new UsageError(`--${name} must be a ${positive ? 'number above 0' : 'number'}, got "${s}"`);
  return n;
}
