/**
 * The spellings that mean "no value" in a text cell, whatever the column's kind: the empty
 * field and the markers pandas, R and Python write for missing data.
 */

/** Cell texts (after trimming surrounding whitespace) read as a missing value. Case-sensitive. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);

/**
 * True when a raw cell means "missing": `null`/`undefined`, or a string in {@link MISSING_TOKENS}
 * once surrounding whitespace is trimmed.
 *
 * @example
 * isMissingValue(' NA '); // true
 * isMissingValue('none'); // false: only the listed spellings count
 */
export function isMissingValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  // Fast path: most cells are neither empty nor padded.
  if (value.length > 4) {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first > 32 && last > 32) return false;
  }
  return MISSING_TOKENS.has(value.trim());
}
