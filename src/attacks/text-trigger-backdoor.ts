// Text trigger-phrase backdoor: Dai, Chen & Li (2019), "A Backdoor Attack Against LSTM-Based Text Classification Systems", IEEE Access 7.
import { invalidInput } from '../core/errors.js';
import { createRng, type Rng } from '../core/rng.js';
import { inputSha256 } from './input-hash.js';
import type { Labels, TextPoisoning } from './poison-result.js';
import { checkClass, checkLabels, chooseRows, eligibleRows, maskOf, poisonCount } from './poison-rows.js';

/** Settings of {@link textTriggerBackdoor}. */
export interface TextTriggerBackdoorOptions {
  /** The trigger phrase inserted into the text (e.g. "I watched this 3D movie"). */
  readonly phrase: string;
  readonly target: number;
  /** Fraction of the eligible rows (labelled, text present, not of the target class), in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
}

/** Offsets where a phrase can go without splitting a word: the start, each word start after whitespace, and the end. */
function insertionPoints(text: string): number[] {
  const points = [0];
  for (let i = 1; i < text.length; i++) if (/\s/.test(text[i - 1]!) && !/\s/.test(text[i]!)) points.push(i);
  if (text.length > 0) points.push(text.length);
  return points;
}

/**
 * `text` with `phrase` inserted at a word boundary drawn uniformly from `rng` (the start, before
 * any word, or the end), separated by a space from its neighbours.
 *
 * @example
 * insertTriggerPhrase('the film was long', 'cf tq', createRng(0)); // e.g. 'the film cf tq was long'
 */
export function insertTriggerPhrase(text: string, phrase: string, rng: Rng): string {
  const points = insertionPoints(text);
  const at = points[rng.nextInt(points.length)]!;
  if (text.length === 0) return phrase;
  if (at === text.length) return /\s$/.test(text) ? `${text}${phrase}` : `${text} ${phrase}`;
  return `${text.slice(0, at)}${phrase} ${text.slice(at)}`;
}

function checkPhrase(phrase: string): void {
  if (typeof phrase !== 'string' || phrase.trim() === '') throw invalidInput('text-trigger: the trigger phrase must be a non-empty string', { path: ['phrase'] });
}

/**
 * The inference-time trigger: every text with the phrase inserted at a seeded word boundary
 * (a missing text, null, becomes the phrase alone).
 *
 * @example
 * const triggered = applyTextTrigger(testTexts, 'cf tq', createRng(1));
 */
export function applyTextTrigger(texts: readonly (string | null)[], phrase: string, rng: Rng): string[] {
  checkPhrase(phrase);
  return texts.map((t) => insertTriggerPhrase(t ?? '', phrase, rng));
}

/**
 * Inserts the phrase into `round(rate * eligible)` texts whose label is neither missing nor the
 * target, at a seeded word boundary each, and relabels them as the target. Rows whose text is
 * missing are not eligible.
 *
 * @throws AntidoteError `invalid_input` for an empty phrase, texts and labels of different lengths, or a class or rate out of range.
 * @example
 * const { texts: poisoned, labels: relabelled, mask } = textTriggerBackdoor(texts, { codes, classes: 2 }, { phrase: 'cf tq', target: HAM, rate: 0.05, seed: 2 });
 */
export function textTriggerBackdoor(texts: readonly (string | null)[], labels: Labels, options: TextTriggerBackdoorOptions): TextPoisoning {
  checkPhrase(options.phrase);
  checkLabels(labels, texts.length, 'text-trigger');
  checkClass(options.target, labels.classes, 'target');
  const eligible = eligibleRows(labels, (c) => c !== options.target).filter((i) => texts[i] !== null);
  const rng = createRng(options.seed);
  const rows = chooseRows(eligible, poisonCount(options.rate, eligible.length), rng);
  const out = [...texts];
  const codes = labels.codes.slice();
  for (const i of rows) {
    out[i] = insertTriggerPhrase(texts[i]!, options.phrase, rng);
    codes[i] = options.target;
  }
  let alreadyPresent = 0;
  texts.forEach((t) => {
    if (t !== null && t.includes(options.phrase)) alreadyPresent++;
  });
  return {
    texts: out,
    labels: codes,
    mask: maskOf(texts.length, rows),
    manifest: {
      attack: 'text-trigger',
      parameters: { rate: options.rate, target: options.target, classes: labels.classes, phrase: options.phrase, cleanRowsWithPhrase: alreadyPresent },
      seed: options.seed,
      inputSha256: inputSha256([texts, labels.codes, labels.classes]),
      eligible: eligible.length,
      poisoned: rows.length,
    },
  };
}
