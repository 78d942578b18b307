/**
 * Reading untyped detector options (from a registry call, a policy file or CLI flags): each
 * detector declares which numeric parameters it takes, and anything else is rejected by name.
 */
import type { DetectorOptions } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';

/** The keys every detector accepts whatever its parameters. */
const COMMON_KEYS = ['rng', 'contamination'] as const;
/** The keys of the neighbour search, accepted by neighbour-based detectors. */
export const NEIGHBOUR_OPTION_KEYS = ['search', 'approximate'] as const;

/**
 * Checks untyped options against a detector's parameters: every key must be a common one
 * (`rng`, `contamination`), one of `numeric` (then a finite number when present) or one of
 * `other` (checked by the detector itself).
 *
 * @returns the same options, typed
 * @throws AntidoteError `invalid_input` naming an unknown key (listing the valid ones) or a non-numeric value.
 */
export function checkDetectorOptions<T extends DetectorOptions>(
  detector: string,
  options: DetectorOptions & Readonly<Record<string, unknown>>,
  numeric: readonly string[],
  other: readonly string[] = [],
): T {
  const known = [...COMMON_KEYS, ...numeric, ...other];
  const rng: unknown = options.rng;
  if (typeof rng !== 'object' || rng === null || typeof (rng as { next?: unknown }).next !== 'function') {
    throw invalidInput(`detector ${detector} needs options.rng, a seeded generator (createRng(seed))`, { path: ['rng'] });
  }
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw invalidInput(`unknown option "${key}" for detector ${detector}; available: ${known.join(', ')}`, { path: [key] });
    if (value !== undefined && (numeric.includes(key) || key === 'contamination') && !(typeof value === 'number' && Number.isFinite(value))) {
      throw invalidInput(`option "${key}" of detector ${detector} must be a finite number, got ${JSON.stringify(value)}`, { path: [key] });
    }
  }
  return options as unknown as T;
}
