import type { DetectorFactory, DetectorInput, DetectorScoring } from '../core/detector.js';
import { AntidoteError } from '../core/errors.js';
import { OUTLIER_DETECTORS } from './outlier/index.js';
import { POISON_DETECTORS } from './poison/index.js';

/** One registered detector. */
export interface DetectorEntry {
  readonly name: string;
  readonly factory: DetectorFactory;
  readonly requires: readonly DetectorInput[];
  readonly description: string;
  /** How its scores become a suspicion. */
  readonly scoring: DetectorScoring;
}

/** Detectors by name. */
export type DetectorRegistry = ReadonlyMap<string, DetectorEntry>;

/** Builds the registry of every built-in detector, plus `extra` ones (an explicit value built at start-up). */
export function createDetectorRegistry(extra: readonly (Omit<DetectorEntry, 'scoring'> & { scoring?: DetectorScoring })[] = []): DetectorRegistry {
  const map = new Map<string, DetectorEntry>();
  for (const e of [...OUTLIER_DETECTORS, ...POISON_DETECTORS, ...extra] as readonly (Omit<DetectorEntry, 'scoring'> & { scoring?: DetectorScoring })[]) {
    if (map.has(e.name)) throw new AntidoteError('conflict', `detector "${e.name}" is registered twice`);
    map.set(e.name, { name: e.name, factory: e.factory, requires: e.requires, description: e.description, scoring: e.scoring ?? 'calibrated' });
  }
  return map;
}
