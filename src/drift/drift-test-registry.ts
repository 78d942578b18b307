import type { DriftTest } from '../core/drift-test.js';
import { AntidoteError } from '../core/errors.js';
import { chiSquareDrift } from './chi-square-drift.js';
import { embeddingMeanDrift } from './embedding-mean-drift.js';
import { jensenShannonDrift } from './jensen-shannon-drift.js';
import { ksDrift } from './ks-drift.js';
import { psiDrift } from './psi-drift.js';
import { wassersteinDrift } from './wasserstein-drift.js';

/** The per-column drift tests by name, in the order they are reported. */
export type DriftTestRegistry = ReadonlyMap<string, DriftTest>;

/** Names of the whole-table tests, configured like the column tests. */
export const TABLE_TESTS = ['label-shift', 'correlation-shift', 'mmd'] as const;

/** Builds the registry of built-in per-column tests (an explicit value, not an import side effect). */
export function createDriftTestRegistry(extra: readonly DriftTest[] = []): DriftTestRegistry {
  const map = new Map<string, DriftTest>();
  for (const t of [ksDrift, psiDrift, wassersteinDrift, chiSquareDrift, jensenShannonDrift, embeddingMeanDrift, ...extra]) {
    if (map.has(t.name) || (TABLE_TESTS as readonly string[]).includes(t.name)) {
      throw new AntidoteError('conflict', `drift test "${t.name}" is registered twice`);
    }
    map.set(t.name, t);
  }
  return map;
}
