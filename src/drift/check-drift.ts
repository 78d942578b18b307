import type { Baseline, CategoricalProfile, ColumnProfile, NumericProfile } from '../core/baseline.js';
import type { Column, Dataset } from '../core/dataset.js';
import { DEFAULT_DRIFT_ALPHA, type DriftMeasurement, type DriftTest, type DriftThresholds } from '../core/drift-test.js';
import type { Progress } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import type { DriftResult, SchemaFinding } from '../core/scan-report.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { chiSquareDrift } from './chi-square-drift.js';
import { measureCorrelationShift } from './correlation-drift.js';
import type { DriftConfig, TestSettings } from './drift-config.js';
import type { DriftTestRegistry } from './drift-test-registry.js';
import { measureMmd } from './mmd-drift.js';
import { presortNumericViews } from './numeric-values.js';
import { checkSchema } from './schema-check.js';

/** Options of {@link checkDrift}. */
export interface CheckDriftOptions {
  readonly registry: DriftTestRegistry;
  readonly rng: Rng;
  readonly config?: DriftConfig;
  /** The batch encoded with the baseline's encoder, for the multivariate test. */
  readonly encodedBatch?: { rows: number; dim: number; values: Float32Array };
  readonly progress?: Progress;
}

/** The drift results of a batch and the schema findings on the way. */
export interface DriftCheck {
  readonly results: readonly DriftResult[];
  readonly schema: readonly SchemaFinding[];
  /** Columns with at least one drifted test (`*` for whole-table tests is not a column). */
  readonly driftedColumns: readonly string[];
}

const TABLE = '*';

/**
 * Every applicable test of every column, plus label shift, correlation shift and MMD; then one
 * Benjamini–Hochberg correction across all p-values of the batch, and the drift decision per
 * result: p-valued tests drift when the adjusted p-value is below alpha and the effect reaches
 * minEffect; the others when the effect reaches max(minEffect, its noise floor).
 *
 * Numeric columns are sorted once each, worker threads sorting later columns while the tests of
 * earlier ones run (see `presortNumericViews`); a batch of more than `CORRELATION_SAMPLE_ROWS`
 * (100,000) rows is correlated on a sample drawn from `rng` (after the MMD test's draws).
 *
 * @example
 * const { results } = checkDrift(baseline, batch, { registry: createDriftTestRegistry(), rng: createRng(0) });
 */
export function checkDrift(baseline: Baseline, batch: Dataset, options: CheckDriftOptions): DriftCheck {
  const config = options.config ?? {};
  const progress = options.progress ?? silentProgress;
  const ignored = new Set(Object.entries(config.columns ?? {}).filter(([, v]) => v.ignore).map(([k]) => k));
  const schema = checkSchema(baseline, batch, ignored);
  const pending: { column: string; test: string; m: DriftMeasurement; t: DriftThresholds }[] = [];
  const profiles = baseline.columns.filter((p) => !ignored.has(p.name));
  progress.start('drift tests', profiles.length + 2);
  const planned = profiles.map((profile) => {
    const column = batch.columns.find((c) => c.name === profile.name)!;
    const isLabel = profile.name === baseline.label;
    const tests: { test: DriftTest; name: string; t: DriftThresholds }[] = [];
    for (const test of options.registry.values()) {
      if (!test.appliesTo.includes(profile.kind)) continue;
      const name = isLabel && test === chiSquareDrift ? 'label-shift' : test.name;
      if (isLabel && test !== chiSquareDrift) continue;
      const t = thresholds(config, profile.name, name, test);
      if (t) tests.push({ test, name, t });
    }
    return { profile, column, tests };
  });
  const cancelSorts = presortNumericViews(planned.filter((p) => p.tests.length > 0));
  try {
    planned.forEach(({ profile, column, tests }, i) => {
      schema.push(...columnFindings(profile, column));
      for (const { test, name, t } of tests) {
        const m = test.measure(profile, column);
        if (m) pending.push({ column: profile.name, test: name, m, t });
      }
      progress.update(i + 1);
    });
  } finally {
    cancelSorts();
  }
  // MMD draws from the rng before the correlation sample does, so that its result does not
  // depend on whether the batch is long enough to be sampled.
  const mmdThresholds = baseline.sample && options.encodedBatch ? thresholds(config, TABLE, 'mmd', { defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0 } }) : null;
  const mmd = mmdThresholds ? measureMmd(baseline.sample!, options.encodedBatch!, { rng: options.rng, ...config.mmd }) : null;
  progress.update(profiles.length + 1);
  if (baseline.correlation) {
    const t = thresholds(config, TABLE, 'correlation-shift', { defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0.1 } });
    const m = t ? measureCorrelationShift(baseline.correlation, batch, { rng: options.rng }) : null;
    if (m && t) pending.push({ column: TABLE, test: 'correlation-shift', m, t });
  }
  if (mmd && mmdThresholds) pending.push({ column: TABLE, test: 'mmd', m: mmd, t: mmdThresholds });
  progress.update(profiles.length + 2);
  progress.finish();

  const adjusted = benjaminiHochberg(pending.map((p) => p.m.pValue));
  const results: DriftResult[] = pending.map((p, k) => {
    const adj = adjusted[k] ?? null;
    const drifted =
      p.m.pValue !== null
        ? adj !== null && adj < p.t.alpha && p.m.effectSize >= p.t.minEffect
        : p.m.effectSize >= Math.max(p.t.minEffect, p.m.noiseFloor ?? 0);
    const details = p.m.noiseFloor !== undefined ? { ...p.m.details, noiseFloor: p.m.noiseFloor } : p.m.details;
    return {
      column: p.column,
      test: p.test,
      statistic: p.m.statistic,
      pValue: p.m.pValue,
      adjustedPValue: adj,
      effectSize: p.m.effectSize,
      drifted,
      threshold: p.m.pValue !== null ? { alpha: p.t.alpha, minEffect: p.t.minEffect } : { minEffect: p.t.minEffect },
      ...(details ? { details } : {}),
    };
  });
  const driftedColumns = [...new Set(results.filter((r) => r.drifted && r.column !== TABLE).map((r) => r.column))];
  return { results, schema, driftedColumns };
}

function thresholds(config: DriftConfig, column: string, name: string, test: Pick<DriftTest, 'defaults'>): DriftThresholds | null {
  const layers: (TestSettings | undefined)[] = [config.tests?.[name], config.columns?.[column]?.tests?.[name]];
  let enabled = true;
  let alpha = config.alpha ?? test.defaults.alpha;
  let minEffect = test.defaults.minEffect;
  for (const s of layers) {
    if (!s) continue;
    if (s.enabled !== undefined) enabled = s.enabled;
    if (s.alpha !== undefined) alpha = s.alpha;
    if (s.minEffect !== undefined) minEffect = s.minEffect;
  }
  return enabled ? { alpha, minEffect } : null;
}

/** Warnings a person should see even when no test drifts: new categories, more missing values, values outside the seen range. */
function columnFindings(profile: ColumnProfile, column: Column): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const total = profile.count + profile.missing;
  const batchMissing = countMissing(column);
  const batchRows = batchMissing.rows;
  if (batchRows > 0) {
    const before = total > 0 ? profile.missing / total : 0;
    const now = batchMissing.missing / batchRows;
    if (now > before + 0.05 && now > 2 * before) {
      out.push({ column: profile.name, problem: 'missing_rate', severity: 'warning', message: `${(100 * now).toFixed(1)}% missing values in the batch, ${(100 * before).toFixed(1)}% in the baseline` });
    }
  }
  if ((profile.kind === 'categorical' || profile.kind === 'boolean') && column.kind === 'categorical') {
    const seen = new Set((profile as CategoricalProfile).categories);
    const counts = new Array<number>(column.categories.length).fill(0);
    const codes = column.codes;
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) counts[codes[i]!]!++;
    const unseen = column.categories.filter((c, i) => !seen.has(c) && counts[i]! > 0);
    if (unseen.length > 0) {
      out.push({ column: profile.name, problem: 'unseen_categories', severity: 'warning', message: `${unseen.length} categor${unseen.length === 1 ? 'y' : 'ies'} never seen in the baseline: ${unseen.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}${unseen.length > 5 ? ', ...' : ''}` });
    }
  }
  if ((profile.kind === 'numeric' || profile.kind === 'timestamp') && (column.kind === 'numeric' || column.kind === 'timestamp')) {
    const p = profile as NumericProfile;
    const span = p.max - p.min;
    const lo = p.min - span;
    const hi = p.max + span;
    const values = column.values;
    let outside = 0;
    for (let i = 0; i < values.length; i++) if (values[i]! < lo || values[i]! > hi) outside++;
    if (outside > 0 && Number.isFinite(span)) {
      out.push({ column: profile.name, problem: 'out_of_range', severity: 'warning', message: `${outside} value${outside === 1 ? '' : 's'} further than the baseline's whole range beyond [${fmt(p.min)}, ${fmt(p.max)}]` });
    }
  }
  return out;
}

function countMissing(c: Column): { rows: number; missing: number } {
  switch (c.kind) {
    case 'numeric':
    case 'timestamp': {
      // Indexed loops: the typed-array iterator is several times slower on million-row columns.
      const v = c.values;
      let m = 0;
      for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) m++;
      return { rows: v.length, missing: m };
    }
    case 'categorical': {
      const v = c.codes;
      let m = 0;
      for (let i = 0; i < v.length; i++) if (v[i]! < 0) m++;
      return { rows: v.length, missing: m };
    }
    case 'boolean': {
      const v = c.values;
      let m = 0;
      for (let i = 0; i < v.length; i++) if (v[i] === 255) m++;
      return { rows: v.length, missing: m };
    }
    case 'text':
      return { rows: c.values.length, missing: c.values.filter((v) => v === null).length };
    case 'embedding': {
      const rows = c.dim === 0 ? 0 : c.values.length / c.dim;
      let m = 0;
      for (let i = 0; i < rows; i++) if (Number.isNaN(c.values[i * c.dim]!)) m++;
      return { rows, missing: m };
    }
  }
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : String(Math.round(x * 1e4) / 1e4);
}
