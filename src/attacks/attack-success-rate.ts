/**
 * Attack success rate of a backdoor: among triggered inputs whose true class is not the target,
 * the share the model assigns to the target class (Gu et al. 2017; Chen et al. 2017).
 */
import { invalidInput } from '../core/errors.js';

/** A classifier: one predicted class code per input row. */
export type Predict<X> = (x: X) => ArrayLike<number> | Promise<ArrayLike<number>>;

/**
 * The share of rows with `trueLabels[i] !== targetClass` (and not missing, -1) that `predict`
 * sends to `targetClass` once triggered. Rows already of the target class are left out: the
 * model would predict it without any backdoor.
 *
 * @throws AntidoteError `invalid_input` when the lengths differ or no row has a non-target label.
 * @example
 * const asr = await attackSuccessRate((x) => model.predict(x), applyPatchTrigger(xTest, patch), 0, yTest);
 */
export async function attackSuccessRate<X>(predict: Predict<X>, xTriggered: X, targetClass: number, trueLabels: ArrayLike<number>): Promise<number> {
  const predicted = await predict(xTriggered);
  if (predicted.length !== trueLabels.length) throw invalidInput(`attack success rate: ${predicted.length} predictions for ${trueLabels.length} true labels`);
  let counted = 0;
  let hits = 0;
  for (let i = 0; i < trueLabels.length; i++) {
    const y = trueLabels[i]!;
    if (y < 0 || y === targetClass) continue;
    counted++;
    if (predicted[i] === targetClass) hits++;
  }
  if (counted === 0) throw invalidInput(`attack success rate: no row has a true label other than the target class ${targetClass}; it measures how often the trigger moves other classes to the target`);
  return hits / counted;
}
