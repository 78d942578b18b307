import type { DetectorFactory, DetectorInput } from '../core/detector.js';
import { AntidoteError } from '../core/errors.js';
import { OUTLIER_DETECTORS } from './outlier/index.js';
import { POISON_DETECTORS } from './poison/index.js';

/** One registered detector. */
export interface DetectorEntry {
  readonly name: string;
  readonly factory: DetectorFactory;
  readonly requires: readonly DetectorInput[];
  readonly description: string;
}

/** Detectors by name. */
export type DetectorRegistry = ReadonlyMap<string, DetectorEntry>;

/**
 * Detectors that decide which rows are poisoned by their own rule rather than by a score
 * threshold: their `predict` of -1 flags a row whatever its calibrated suspicion.
 */
export const DECIDING_DETECTORS: readonly string[] = ['confident-learning', 'duplicate-labels'];

/** Builds the registry of every built-in detector, plus `extra` ones (an explicit value built at start-up). */
export function createDetectorRegistry(extra: readonly DetectorEntry[] = []): DetectorRegistry {
  const map = new Map<string, DetectorEntry>();
  for (const e of [...OUTLIER_DETECTORS, ...POISON_DETECTORS, ...extra]) {
    if (map.has(e.name)) throw new AntidoteError('conflict', `detector "${e.name}" is registered twice`);
    map.set(e.name, { name: e.name, factory: e.factory, requires: e.requires, description: e.description });
  }
  return map;
}
