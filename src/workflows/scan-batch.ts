import type { Baseline } from '../core/baseline.js';
import type { Dataset } from '../core/dataset.js';
import type { Matrix } from '../core/matrix.js';
import { AntidoteError } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import { createRng } from '../core/rng.js';
import type { RowVerdict, ScanReport, SchemaFinding } from '../core/scan-report.js';
import type { EncoderState } from '../data/encoding/feature-encoder.js';
import { transformFeatures } from '../data/encoding/feature-encoder.js';
import { readBaseline } from '../baseline/baseline-file.js';
import { checkDrift, type DriftCheck } from '../drift/check-drift.js';
import type { DriftConfig } from '../drift/drift-config.js';
import { createDriftTestRegistry } from '../drift/drift-test-registry.js';
import { checkSchema } from '../drift/schema-check.js';
import { columnDistributions } from './column-distributions.js';
import { fileDigest } from './file-digest.js';
import { readDriftConfig, readInput, requireLabelColumn, type DataInputOptions } from './read-inputs.js';
import { decideVerdict } from './verdict.js';
import type { DetectionPolicy } from './detection-policy.js';
import { runDetectors, type DetectorRun } from './run-detectors.js';
import { createDetectorRegistry } from '../detectors/detector-registry.js';
import { DEFAULT_FLAG_THRESHOLD, detectorFlags } from '../detectors/combine-suspicion.js';

/** Options of {@link scanBatch} and {@link driftBatch}. */
export interface ScanOptions extends DataInputOptions {
  /** Run the poison detectors (default true). */
  readonly detectors?: boolean;
  /** The detection policy (see DetectionPolicy); defaults by data kind without it. */
  readonly policy?: DetectionPolicy;
  readonly baselinePath?: string;
  readonly label?: string;
  /** A drift configuration file (see DriftConfig). */
  readonly configPath?: string;
  readonly seed?: number;
}

/** A batch compared with its baseline: the inputs as read and the drift check. */
export interface DriftRun {
  readonly baseline: Baseline;
  readonly batch: Dataset;
  readonly check: DriftCheck;
  readonly config: DriftConfig;
}

/**
 * Reads a baseline and a batch (with the baseline's schema) and runs every drift test.
 *
 * @example
 * const { check } = await driftBatch('batch.csv', { baselinePath: 'baseline.json' });
 */
export async function driftBatch(batchPath: string, options: ScanOptions & { baselinePath: string }): Promise<DriftRun> {
  const progress = options.progress ?? silentProgress;
  const registry = createDriftTestRegistry();
  const config = options.configPath ? await readDriftConfig(options.configPath, registry) : {};
  const baseline = await readBaseline(options.baselinePath);
  if (options.label !== undefined && baseline.label !== null && options.label !== baseline.label) {
    throw new AntidoteError('invalid_input', `--label ${options.label} differs from the baseline's label column "${baseline.label}"`);
  }
  const batch = await readInput(batchPath, options, baseline);
  if (batch.rowCount === 0) throw new AntidoteError('invalid_input', 'the batch has no rows', { file: batchPath });
  if (options.label !== undefined) requireLabelColumn(batch, options.label, batchPath);
  // The schema check comes before encoding: a column the batch lacks is "a different schema",
  // not an encoder failure.
  checkBatchSchema(baseline, batch, config, batchPath);
  const encodedBatch = encodeLike(baseline, batch);
  const check = checkDrift(baseline, batch, { registry, rng: createRng(options.seed ?? 0), config, progress, ...(encodedBatch ? { encodedBatch } : {}) });
  return { baseline, batch, check, config };
}

function checkBatchSchema(baseline: Baseline, batch: Dataset, config: DriftConfig, batchPath: string): void {
  const ignored = new Set(Object.entries(config.columns ?? {}).filter(([, v]) => v.ignore).map(([k]) => k));
  try {
    checkSchema(baseline, batch, ignored);
  } catch (e) {
    if (e instanceof AntidoteError && e.location === undefined) throw new AntidoteError(e.code, e.message, { file: batchPath }, { cause: e });
    throw e;
  }
}

function encodeLike(baseline: Baseline, batch: Dataset): { rows: number; dim: number; values: Float32Array } | undefined {
  if (!baseline.sample) return undefined;
  const m = transformFeatures(batch, baseline.sample.encoder as EncoderState).matrix;
  return { rows: m.rows, dim: m.cols, values: m.data };
}

/**
 * The scan of a batch before training: schema checks and drift tests against the baseline (when
 * one is given), and the verdict with its reasons, as the `report.json` contract.
 *
 * @example
 * const report = await scanBatch('batch.csv', { baselinePath: 'baseline.json', label: 'label' });
 * if (report.verdict !== 'accept') console.log(report.summary.reasons);
 */
export async function scanBatch(batchPath: string, options: ScanOptions = {}): Promise<ScanReport> {
  const sha256Promise = fileDigest(batchPath);
  // Awaited only at the end: mark it handled so that an earlier error (a missing batch file is
  // reported by both) is not also an unhandled rejection that crashes the process.
  sha256Promise.catch(() => undefined);
  let batch: Dataset;
  let schema: readonly SchemaFinding[] = [];
  let run: DriftRun | null = null;
  if (options.baselinePath) {
    run = await driftBatch(batchPath, { ...options, baselinePath: options.baselinePath });
    batch = run.batch;
    schema = run.check.schema;
  } else {
    batch = await readInput(batchPath, options);
    if (options.label !== undefined) requireLabelColumn(batch, options.label, batchPath);
  }
  const label = options.label ?? run?.baseline.label ?? null;
  let rows: RowVerdict[] = [];
  let detection: DetectorRun | null = null;
  const policy = options.policy ?? {};
  if (options.detectors === false) {
    for (let i = 0; i < batch.rowCount; i++) rows.push({ index: i, suspicion: 0, flagged: false, reasons: [] });
  } else {
    const encoder = run?.baseline.sample?.encoder as EncoderState | undefined;
    detection = await runDetectors(batch, {
      registry: createDetectorRegistry(), rng: createRng((options.seed ?? 0) + 1), policy, label,
      ...(encoder ? { encoder } : {}), ...(options.progress ? { progress: options.progress } : {}),
      ...(run?.baseline.detection ? { calibration: run.baseline.detection } : {}),
      ...(run ? { reference: baselineReference(run.baseline) } : {}),
    });
    rows = detection.rows;
  }
  const drift = run?.check.results ?? [];
  const driftedColumns = run?.check.driftedColumns ?? [];
  const checkedColumns = run ? run.baseline.columns.length : 0;
  const { verdict, reasons } = decideVerdict({
    drift, driftedColumns, checkedColumns, schema, rows,
    ...(run?.config.rejectDriftedColumnShare !== undefined ? { rejectDriftedColumnShare: run.config.rejectDriftedColumnShare } : {}),
    contaminationBudget: policy.contaminationBudget ?? 0.1,
  });
  for (const g of detection?.gates ?? []) {
    if (g.kept || g.flagged === 0) continue;
    reasons.push(`${g.detector}: ${g.flagged} rows over its threshold (${(100 * g.flagged / batch.rowCount).toFixed(1)}%), no more than on the verified baseline (${(100 * g.baselineRate).toFixed(1)}%): not flagged`);
  }
  return {
    format: 'antidote-scan-report',
    version: 1,
    createdAt: new Date().toISOString(),
    verdict,
    summary: {
      rows: batch.rowCount,
      columns: batch.columns.length,
      driftedTests: drift.filter((d) => d.drifted).length,
      driftedColumns,
      flaggedRows: rows.filter((r) => r.flagged).length,
      schemaErrors: schema.filter((s) => s.severity === 'error').length,
      schemaWarnings: schema.filter((s) => s.severity === 'warning').length,
      reasons,
    },
    input: { file: batchPath, sha256: await sha256Promise, label },
    baseline: run && options.baselinePath ? { file: options.baselinePath, contentHash: run.baseline.contentHash } : null,
    schema,
    drift,
    rows,
    distributions: run ? columnDistributions(run.baseline, batch) : [],
    duplicates: detection?.duplicates ?? null,
    detectors: detection?.detectors ?? [],
    detection: detection
      ? {
          contaminationBudget: policy.contaminationBudget ?? 0.1,
          classes: detection.classes,
          skipped: detection.skipped,
          projection: detection.projection,
          perDetector: detection.outcomes.map((o) => {
            const gate = detection!.gates?.find((g) => g.detector === o.detector);
            return {
              detector: o.detector, ms: o.ms, flagged: detectorFlags(o, policy.threshold ?? DEFAULT_FLAG_THRESHOLD).count, histogram: suspicionHistogram(o.suspicion),
              ...(gate ? { baselineGate: { flaggedBeforeGate: gate.flagged, baselineRate: round6(gate.baselineRate), pValue: gate.pValue, kept: gate.kept } } : {}),
            };
          }),
        }
      : null,
  };
}

/** The baseline's stored sample of encoded rows, when it is stored unprojected (projected samples cannot be compared row by row). */
function baselineReference(b: Baseline): { rows: Matrix<Float32Array> } | { note: string } {
  if (!b.sample) return { note: 'the baseline has no row sample' };
  if (b.sample.projection) return { note: `the baseline sample is randomly projected (${b.sample.projection.inputDim} → ${b.sample.projection.dim} dims), so it cannot be compared row by row` };
  return { rows: { rows: b.sample.rows, cols: b.sample.dim, data: Float32Array.from(b.sample.values) } };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}


/** Counts of suspicion in 20 bins of width 0.05 over [0, 1]. */
function suspicionHistogram(s: Float64Array): number[] {
  const counts = new Array<number>(20).fill(0);
  for (const v of s) counts[Math.min(19, Math.floor(v * 20))]!++;
  return counts;
}
