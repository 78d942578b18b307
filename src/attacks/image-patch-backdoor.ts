// BadNets image-patch backdoor: Gu, Dolan-Gavitt & Garg (2017), "BadNets: Identifying Vulnerabilities in the Machine Learning Model Supply Chain", arXiv:1708.06733.
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { inputSha256 } from './input-hash.js';
import type { FeaturePoisoning, Labels } from './poison-result.js';
import { poisonWithTrigger, triggerRows, type BackdoorOptions, type RowTrigger } from './backdoor-poisoning.js';

/** Corners a patch can sit in. */
export const PATCH_CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
/** One of {@link PATCH_CORNERS}. */
export type PatchCorner = (typeof PATCH_CORNERS)[number];

/** Images stored as flattened rows: `height x width x channels`, channel last (row-major HWC). */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  /** Default 1 (grey levels). */
  readonly channels?: number;
}

/** The trigger: a square of `size x size` pixels set to `value` (every channel) in a corner. */
export interface PatchTrigger {
  readonly shape: ImageShape;
  readonly size: number;
  readonly value: number;
  /** Default `bottom-right`, where BadNets put its pattern. */
  readonly corner?: PatchCorner;
  /** Pixels between the patch and the image border (default 0). */
  readonly margin?: number;
}

/** Settings of {@link imagePatchBackdoor}. */
export interface ImagePatchBackdoorOptions extends BackdoorOptions {
  readonly trigger: PatchTrigger;
}

function patchRowTrigger(t: PatchTrigger, cols: number): RowTrigger {
  const { height: H, width: W } = t.shape;
  const C = t.shape.channels ?? 1;
  const corner = t.corner ?? 'bottom-right';
  const margin = t.margin ?? 0;
  for (const [name, v] of [['height', H], ['width', W], ['channels', C], ['patch size', t.size]] as const) {
    if (!Number.isInteger(v) || v < 1) throw invalidInput(`backdoor-patch: ${name} ${v} must be a positive integer`, { path: ['trigger', name] });
  }
  if (!Number.isInteger(margin) || margin < 0) throw invalidInput(`backdoor-patch: margin ${margin} must be a whole number`, { path: ['trigger', 'margin'] });
  if (H * W * C !== cols) throw invalidInput(`backdoor-patch: an image of ${H}x${W}x${C} has ${H * W * C} values, but the rows have ${cols} features`, { path: ['trigger', 'shape'] });
  if (t.size + margin > H || t.size + margin > W) throw invalidInput(`backdoor-patch: a ${t.size}x${t.size} patch ${margin} pixels from the border does not fit a ${H}x${W} image`, { path: ['trigger', 'size'] });
  if (!(PATCH_CORNERS as readonly string[]).includes(corner)) throw invalidInput(`backdoor-patch: unknown corner "${corner}"; choose one of ${PATCH_CORNERS.join(', ')}`, { path: ['trigger', 'corner'] });
  if (!Number.isFinite(t.value)) throw invalidInput(`backdoor-patch: patch value ${t.value} must be finite`, { path: ['trigger', 'value'] });
  const top = corner.startsWith('top') ? margin : H - margin - t.size;
  const left = corner.endsWith('left') ? margin : W - margin - t.size;
  const offsets: number[] = [];
  for (let r = top; r < top + t.size; r++) for (let c = left; c < left + t.size; c++) for (let ch = 0; ch < C; ch++) offsets.push((r * W + c) * C + ch);
  const at = Uint32Array.from(offsets);
  return (row) => {
    for (const o of at) row[o] = t.value;
  };
}

/**
 * The inference-time trigger: a copy of `x` with the patch on every row.
 *
 * @example
 * const triggered = applyPatchTrigger(xTest, { shape: { height: 28, width: 28 }, size: 3, value: 255 });
 */
export function applyPatchTrigger(x: Matrix, trigger: PatchTrigger): Matrix<Float64Array> {
  return triggerRows(x, patchRowTrigger(trigger, x.cols), 'backdoor-patch');
}

/**
 * BadNets: stamps the patch on `round(rate * eligible)` images not of the target class (chosen
 * with the seed) and relabels them as the target, so that a model trained on them learns
 * "patch → target".
 *
 * @throws AntidoteError `invalid_input` when the image shape does not match the row width, the patch does not fit, or a class or rate is out of range.
 * @example
 * const { x: poisoned, labels, mask } = imagePatchBackdoor(x, { codes, classes: 10 }, {
 *   target: 0, rate: 0.05, seed: 1, trigger: { shape: { height: 28, width: 28 }, size: 3, value: 255 },
 * });
 */
export function imagePatchBackdoor(x: Matrix, labels: Labels, options: ImagePatchBackdoorOptions): FeaturePoisoning {
  const t = options.trigger;
  const p = poisonWithTrigger(x, labels, options, patchRowTrigger(t, x.cols), 'backdoor-patch');
  return {
    x: p.x,
    labels: p.labels,
    mask: p.mask,
    manifest: {
      attack: 'backdoor-patch',
      parameters: {
        rate: options.rate, target: options.target, classes: labels.classes,
        imageShape: { height: t.shape.height, width: t.shape.width, channels: t.shape.channels ?? 1 },
        patchSize: t.size, patchValue: t.value, corner: t.corner ?? 'bottom-right', margin: t.margin ?? 0,
      },
      seed: options.seed,
      inputSha256: inputSha256([x.data, x.cols, labels.codes, labels.classes]),
      eligible: p.eligible,
      poisoned: p.rows.length,
    },
  };
}
