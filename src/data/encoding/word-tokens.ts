/**
 * Word tokenisation for hashed TF-IDF, matching scikit-learn's default analyzer: lower-case the
 * text, then take every maximal run of two or more word characters (letters, digits, underscore;
 * the `(?u)\b\w\w+\b` token pattern).
 */

const WORD_RE = /[\p{L}\p{N}_]{2,}/gu;

/**
 * The lower-cased word tokens of `text`, in order, repeats included.
 *
 * @example
 * wordTokens("Win a FREE prize, it's 100% free!"); // ['win', 'free', 'prize', 'it', '100', 'free']
 */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD_RE) ?? [];
}
