/**
 * The Byzantine behaviours by name, and the one tunable number each takes (`scale`).
 */
import { invalidInput } from '../../core/errors.js';
import { alieAttack } from './a-little-is-enough.js';
import type { ByzantineBehaviour } from './byzantine-behaviour.js';
import { gaussianNoiseAttack } from './gaussian-noise.js';
import { honestBehaviour } from './honest-behaviour.js';
import { ipmAttack } from './inner-product-manipulation.js';
import { labelFlipAttack } from './label-flip.js';
import { modelReplacementAttack } from './model-replacement.js';
import { signFlipAttack } from './sign-flip.js';

/** Every attack the simulation runs; `none` makes the Byzantine clients honest. */
export const BYZANTINE_ATTACKS = ['none', 'sign-flip', 'scaling', 'noise', 'alie', 'ipm', 'label-flip'] as const;

/** One of {@link BYZANTINE_ATTACKS}. */
export type ByzantineAttackName = (typeof BYZANTINE_ATTACKS)[number];

/** What `scale` means for each attack (absent: that attack's default). */
export const ATTACK_SCALE_MEANING: Readonly<Record<ByzantineAttackName, string>> = {
  none: 'unused',
  'sign-flip': 'λ in −λ · update (default 4)',
  scaling: 'boost γ (default n / f of the round: model replacement)',
  noise: 'σ of each coordinate (default 1)',
  alie: 'z in μ − z · σ (default: the paper\'s z_max for the round\'s n and f)',
  ipm: 'ε in −ε · mean(honest) (default 0.1)',
  'label-flip': 'unused',
};

/** Settings of {@link createByzantineBehaviour}. */
export interface ByzantineAttackOptions {
  /** The attack's number, see {@link ATTACK_SCALE_MEANING}. */
  readonly scale?: number;
  /** scaling: the backdoor's target class (default 0). */
  readonly target?: number;
  /** scaling: share of the attacker's rows backdoored (default 0.5). */
  readonly poisonFraction?: number;
}

/** Whether `name` is one of {@link BYZANTINE_ATTACKS}. */
export function isByzantineAttack(name: string): name is ByzantineAttackName {
  return (BYZANTINE_ATTACKS as readonly string[]).includes(name);
}

/**
 * The behaviour of the attack `name`.
 *
 * @throws AntidoteError `invalid_input` for an unknown name (listing the attacks) or a bad setting.
 *
 * @example
 * const attack = createByzantineBehaviour('alie');
 * const sent = attack.craft({ honestUpdates, ownUpdates: [], byzantineCount: 4, clientsInRound: 20, dimension: d, rng });
 */
export function createByzantineBehaviour(name: string, options: ByzantineAttackOptions = {}): ByzantineBehaviour {
  if (!isByzantineAttack(name)) throw invalidInput(`unknown attack "${name}"; available: ${BYZANTINE_ATTACKS.join(', ')}`);
  const s = options.scale;
  switch (name) {
    case 'none':
      return honestBehaviour();
    case 'sign-flip':
      return signFlipAttack(s);
    case 'scaling':
      return modelReplacementAttack({
        ...(s !== undefined ? { boost: s } : {}),
        ...(options.target !== undefined ? { target: options.target } : {}),
        ...(options.poisonFraction !== undefined ? { poisonFraction: options.poisonFraction } : {}),
      });
    case 'noise':
      return gaussianNoiseAttack(s);
    case 'alie':
      return alieAttack(s);
    case 'ipm':
      return ipmAttack(s);
    case 'label-flip':
      return labelFlipAttack();
  }
}
