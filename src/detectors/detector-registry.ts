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
export const DECIDING_DETECTORS: readonly string[] = ['confident-learning', 'duplicate-labels', 'deep-knn'];

/**
 * Detectors whose score is already a share in [0, 1] (of neighbours agreeing with the row's label):
 * their suspicion is 1 − share, not a robust z-scaling, which breaks down when most rows tie at 1.
 */
export const SHARE_SCORED_DETECTORS: readonly string[] = ['knn-label'];

/** Their default flag threshold on 1 − share: fewer than 3 of 10 neighbours agree with the row's label. */
export const SHARE_FLAG_THRESHOLD = 0.7;

/** Builds the registry of every built-in detector, plus `extra` ones (an explicit value built at start-up). */
export function createDetectorRegistry(extra: readonly DetectorEntry[] = []): DetectorRegistry {
  const map = new Map<string, DetectorEntry>();
  for (const e of [...OUTLIER_DETECTORS, ...POISON_DETECTORS, ...extra]) {
    if (map.has(e.name)) throw new AntidoteError('conflict', `detector "${e.name}" is registered twice`);
    map.set(e.name, { name: e.name, factory: e.factory, requires: e.requires, description: e.description });
  }
  return map;
}
