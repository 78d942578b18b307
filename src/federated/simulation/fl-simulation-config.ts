/**
 * The settings of a federated simulation, their defaults and their checks.
 */
import { invalidInput } from '../../core/errors.js';
import { BYZANTINE_ATTACKS, type ByzantineAttackName } from '../byzantine/byzantine-attacks.js';
import type { LocalTraining } from './local-sgd.js';

/** How the training rows are split across clients. */
export const DATA_SPLITS = ['iid', 'dirichlet'] as const;

/** One of {@link DATA_SPLITS}. */
export type DataSplit = (typeof DATA_SPLITS)[number];

/** What a simulation runs. */
export interface FlSimulationConfig {
  /** Clients N. */
  readonly clients: number;
  /** Byzantine clients f among them (chosen by the seed); also the f every rule is told to tolerate. */
  readonly byzantine: number;
  /** Clients sampled per round (default N: every client every round). */
  readonly clientsPerRound: number;
  /** Federated rounds R. */
  readonly rounds: number;
  /** What the Byzantine clients do. */
  readonly attack: ByzantineAttackName;
  /** The attack's number (see `ATTACK_SCALE_MEANING`); absent = the attack's default. */
  readonly attackScale?: number;
  /** The backdoor's target class (attack `scaling`). */
  readonly backdoorTarget: number;
  /** Aggregation rules by registry name or alias; each runs as its own simulation from the same seed. */
  readonly aggregators: readonly string[];
  /** `iid` or `dirichlet`. */
  readonly split: DataSplit;
  /** Dirichlet concentration α (split `dirichlet`). */
  readonly alpha: number;
  /** Hidden layer widths of the global model; empty = softmax regression. */
  readonly hiddenLayers: readonly number[];
  /** Each client's local training per round. */
  readonly local: LocalTraining;
  /** Training rows held back as the server's clean root data set when FLTrust runs (Cao et al. use 100). */
  readonly rootExamples: number;
  /** Seed of every random choice. */
  readonly seed: number;
}

/** The defaults of {@link FlSimulationConfig} (20 clients, 4 Byzantine, 20 rounds, sign flipping, softmax regression). */
export const DEFAULT_FL_SIMULATION: FlSimulationConfig = {
  clients: 20,
  byzantine: 4,
  clientsPerRound: 20,
  rounds: 20,
  attack: 'sign-flip',
  backdoorTarget: 0,
  aggregators: ['fed-avg', 'coordinate-median', 'trimmed-mean', 'krum'],
  split: 'iid',
  alpha: 0.5,
  hiddenLayers: [],
  local: { epochs: 1, batchSize: 32, learningRate: 0.1 },
  rootExamples: 100,
  seed: 0,
};

/**
 * `partial` over the defaults, checked. `clientsPerRound` defaults to `clients`.
 *
 * @throws AntidoteError `invalid_input` naming the setting, its value and the rule it breaks.
 *
 * @example
 * flSimulationConfig({ clients: 10, byzantine: 2, attack: 'alie', aggregators: ['median'] });
 */
export function flSimulationConfig(partial: Partial<FlSimulationConfig>): FlSimulationConfig {
  const c: FlSimulationConfig = { ...DEFAULT_FL_SIMULATION, clientsPerRound: partial.clients ?? DEFAULT_FL_SIMULATION.clients, ...partial };
  const whole = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(v) || v < min || v > max) throw invalidInput(`fl simulation: ${name} = ${v} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`, { path: [name] });
  };
  whole('clients', c.clients, 1);
  whole('byzantine', c.byzantine, 0, c.clients - 1);
  whole('clientsPerRound', c.clientsPerRound, 1, c.clients);
  whole('rounds', c.rounds, 1);
  whole('backdoorTarget', c.backdoorTarget, 0);
  whole('rootExamples', c.rootExamples, 1);
  whole('seed', c.seed, 0, 2 ** 32 - 1);
  whole('local.epochs', c.local.epochs, 1);
  whole('local.batchSize', c.local.batchSize, 1);
  c.hiddenLayers.forEach((h, i) => whole(`hiddenLayers[${i}]`, h, 1));
  if (!(c.local.learningRate > 0) || !Number.isFinite(c.local.learningRate)) throw invalidInput(`fl simulation: local.learningRate = ${c.local.learningRate} must be a finite number > 0`, { path: ['local', 'learningRate'] });
  if (!(BYZANTINE_ATTACKS as readonly string[]).includes(c.attack)) throw invalidInput(`fl simulation: unknown attack "${c.attack}"; available: ${BYZANTINE_ATTACKS.join(', ')}`, { path: ['attack'] });
  if (!(DATA_SPLITS as readonly string[]).includes(c.split)) throw invalidInput(`fl simulation: unknown split "${c.split}"; available: ${DATA_SPLITS.join(', ')}`, { path: ['split'] });
  if (!(c.alpha > 0) || !Number.isFinite(c.alpha)) throw invalidInput(`fl simulation: alpha = ${c.alpha} must be a finite number > 0`, { path: ['alpha'] });
  if (c.attack !== 'none' && c.byzantine === 0) throw invalidInput(`fl simulation: attack "${c.attack}" needs at least one Byzantine client (byzantine = 0); use attack "none" for an attack-free run`, { path: ['byzantine'] });
  if (c.attackScale !== undefined && !Number.isFinite(c.attackScale)) throw invalidInput(`fl simulation: attackScale = ${c.attackScale} must be a finite number`, { path: ['attackScale'] });
  return c;
}
