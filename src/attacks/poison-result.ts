/**
 * What every poisoning simulator returns: the poisoned data, the ground-truth mask of the rows it
 * changed, and a manifest that says how to reproduce them (attack, parameters, seed, input hash).
 */
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';

/** Every attack the simulators implement, as `antidote attack <kind>` names them. */
export const ATTACK_KINDS = [
  'label-flip',
  'targeted-flip',
  'loss-flip',
  'backdoor-patch',
  'blended',
  'text-trigger',
  'feature-trigger',
  'feature-collision',
  'label-consistent',
] as const;

/** One of {@link ATTACK_KINDS}. */
export type AttackKind = (typeof ATTACK_KINDS)[number];

/** A JSON value, for the parameters a manifest records. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** How a poisoned data set was made: enough to make it again, byte for byte. */
export interface PoisonManifest {
  readonly attack: AttackKind;
  /** Every setting that shaped the output, defaults filled in. */
  readonly parameters: Readonly<Record<string, JsonValue>>;
  readonly seed: number;
  /** `sha256:<hex>` of the attack's input arrays (see `inputSha256`). */
  readonly inputSha256: string;
  /** Rows the attack could have poisoned (e.g. rows not already of the target class). */
  readonly eligible: number;
  /** Rows it poisoned: `round(rate * eligible)`. */
  readonly poisoned: number;
}

/** A label-only attack's output. */
export interface LabelPoisoning {
  /** The labels after the attack (a new array). */
  readonly labels: Int32Array;
  /** 1 for a poisoned row, 0 otherwise. */
  readonly mask: Uint8Array;
  readonly manifest: PoisonManifest;
}

/** A feature-space attack's output (backdoors, clean-label poisons). */
export interface FeaturePoisoning {
  /** The features after the attack (a new matrix). */
  readonly x: Matrix<Float64Array>;
  /** The labels after the attack (a new array; unchanged for clean-label attacks). */
  readonly labels: Int32Array;
  /** 1 for a poisoned row, 0 otherwise. */
  readonly mask: Uint8Array;
  readonly manifest: PoisonManifest;
}

/** A text attack's output. */
export interface TextPoisoning {
  /** The texts after the attack (a new array). */
  readonly texts: readonly (string | null)[];
  readonly labels: Int32Array;
  readonly mask: Uint8Array;
  readonly manifest: PoisonManifest;
}

/** The labels every simulator takes: class codes 0..classes-1, -1 missing (never poisoned). */
export type { Labels };
