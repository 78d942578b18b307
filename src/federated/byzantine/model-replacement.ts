// Bagdasaryan, Veit, Hua, Estrin & Shmatikov 2020, "How To Backdoor Federated Learning" (AISTATS; model replacement by a boosted update).
import { invalidInput } from '../../core/errors.js';
import { permutation } from '../../core/rng.js';
import type { ByzantineBehaviour, LabelledRows } from './byzantine-behaviour.js';
import { DEFAULT_PATCH_TRIGGER, stampTrigger, type CornerPatchTrigger } from './backdoor-trigger.js';

/** Settings of {@link modelReplacementAttack}. */
export interface ModelReplacementOptions {
  /** The class triggered images should be classified as (default 0). */
  readonly target?: number;
  /** Share of the attacker's rows given the trigger and the target label, in (0, 1] (default 0.5; the rest stay clean so the main task survives). */
  readonly poisonFraction?: number;
  /** Boost γ; default n / f of the round, so the f boosted updates replace the global model under FedAvg (γ = n / η with server rate η = 1, shared by f attackers). */
  readonly boost?: number;
  /** The trigger (default {@link DEFAULT_PATCH_TRIGGER}). */
  readonly trigger?: CornerPatchTrigger;
}

/**
 * The boosted update `γ · (X − G)`: the attacker's local model X trained on backdoored data,
 * minus the global model G, scaled so that averaging with the honest updates leaves about X.
 *
 * @example
 * boostedUpdate(ownUpdate, 20 / 4);
 */
export function boostedUpdate(update: Float32Array, boost: number): Float32Array {
  const out = new Float32Array(update.length);
  for (let p = 0; p < update.length; p++) out[p] = boost * update[p]!;
  return out;
}

/**
 * The scaling / model-replacement backdoor: each Byzantine client trains on its shard with a
 * share of its rows stamped with a BadNets patch and relabelled `target`, then sends its update
 * boosted by γ. Attack success is the share of triggered test images of other classes classified
 * as `target`.
 *
 * @throws AntidoteError `invalid_input` for a target that is not a class code, a poison fraction
 *   outside (0, 1], or a boost that is not a finite number > 0.
 */
export function modelReplacementAttack(options: ModelReplacementOptions = {}): ByzantineBehaviour {
  const target = options.target ?? 0;
  const poisonFraction = options.poisonFraction ?? 0.5;
  const trigger = options.trigger ?? DEFAULT_PATCH_TRIGGER;
  if (!Number.isInteger(target) || target < 0) throw invalidInput(`scaling: target class ${target} must be a class code (a whole number >= 0)`);
  if (!(poisonFraction > 0 && poisonFraction <= 1)) throw invalidInput(`scaling: poisonFraction ${poisonFraction} must be in (0, 1]`);
  if (options.boost !== undefined && (!(options.boost > 0) || !Number.isFinite(options.boost))) throw invalidInput(`scaling: boost γ is ${options.boost}; it must be a finite number > 0`);
  return {
    name: 'scaling',
    citation: 'Bagdasaryan et al. 2020, How To Backdoor Federated Learning (model replacement)',
    trainsLocally: true,
    poisonShard: (shard, rng) => {
      if (target >= shard.labels.classes) throw invalidInput(`scaling: target class ${target} is not one of the ${shard.labels.classes} classes`);
      const n = shard.x.rows;
      const order = permutation(n, rng);
      const poisoned = order.subarray(0, Math.max(1, Math.round(poisonFraction * n)));
      const stamped = stampTrigger(shard.x, trigger, poisoned);
      const data = shard.x.data.slice();
      const codes = shard.labels.codes.slice();
      poisoned.forEach((i, r) => {
        data.set(stamped.data.subarray(r * shard.x.cols, (r + 1) * shard.x.cols), i * shard.x.cols);
        codes[i] = target;
      });
      return { x: { rows: n, cols: shard.x.cols, data }, labels: { codes, classes: shard.labels.classes } };
    },
    craft: (round) => {
      const boost = options.boost ?? round.clientsInRound / Math.max(1, round.byzantineCount);
      return round.ownUpdates.map((u) => boostedUpdate(u, boost));
    },
    attackTest: (test: LabelledRows) => {
      const rows: number[] = [];
      for (let i = 0; i < test.x.rows; i++) if (test.labels.codes[i] !== target) rows.push(i);
      return { x: stampTrigger(test.x, trigger, rows), wanted: new Int32Array(rows.length).fill(target) };
    },
  };
}
