import type { Baseline, DetectionCalibration } from '../core/baseline.js';
import type { Dataset } from '../core/dataset.js';
import type { Progress } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import { createRng, sampleIndices } from '../core/rng.js';
import { buildBaseline } from '../baseline/build-baseline.js';
import { contentHash } from '../baseline/canonical-json.js';
import type { EncoderState } from '../data/encoding/feature-encoder.js';
import { fitFeatureEncoder, transformFeatures } from '../data/encoding/feature-encoder.js';
import { selectRows } from '../data/select-rows.js';
import { createDetectorRegistry } from '../detectors/detector-registry.js';
import { detectorFlags } from '../detectors/combine-suspicion.js';
import { flagCountsByClass } from '../detectors/baseline-rate-gate.js';
import type { DetectionPolicy } from './detection-policy.js';
import { labelCodes, runDetectors } from './run-detectors.js';
import { fileDigest } from './file-digest.js';
import { readInput, requireLabelColumn, type DataInputOptions } from './read-inputs.js';

/** Options of {@link makeBaseline}. */
export interface MakeBaselineOptions extends DataInputOptions {
  readonly label?: string;
  readonly seed?: number;
  /** Rows kept in the baseline for the multivariate test (default 300). */
  readonly sampleRows?: number;
  /** Run the poison detectors on the verified rows to record their clean flag rates (default true). */
  readonly detectors?: boolean;
  /** The detection policy later scans will use, so the clean rates are measured the same way. */
  readonly policy?: DetectionPolicy;
}

/** The detectors' clean flag rates are measured on at most this many verified rows (a seeded sample above). */
export const CALIBRATION_MAX_ROWS = 20000;

/**
 * Profiles a verified data file into a baseline: reads it, fits the feature encoder (the label
 * excluded), builds the profile, runs the poison detectors on the verified rows to record how
 * often each flags clean data, and seals it with its content hash.
 *
 * @example
 * const baseline = await makeBaseline('verified.csv', { label: 'label' });
 */
export async function makeBaseline(path: string, options: MakeBaselineOptions = {}): Promise<Baseline> {
  const progress = options.progress ?? silentProgress;
  const [ds, sha256] = await Promise.all([readInput(path, options), fileDigest(path)]);
  if (options.label !== undefined) requireLabelColumn(ds, options.label, path);
  const exclude = options.label ? [options.label] : [];
  const encoder = fitFeatureEncoder(ds, { exclude });
  const encoded = transformFeatures(ds, encoder);
  const baseline = buildBaseline(ds, {
    label: options.label ?? null,
    source: { file: path, sha256 },
    seed: options.seed ?? 0,
    features: { encoder, rows: encoded.matrix.rows, dim: encoded.matrix.cols, values: encoded.matrix.data },
    ...(options.sampleRows !== undefined ? { sampleRows: options.sampleRows } : {}),
    progress,
  });
  if (options.detectors === false) return baseline;
  const detection = await calibrateDetectors(ds, options.label ?? null, encoder, options.seed ?? 0, options.policy, progress);
  const { contentHash: _stale, ...body } = baseline;
  const sealed = { ...body, detection };
  return { ...sealed, contentHash: contentHash(sealed) };
}

/** Runs the scan's detectors on (a sample of) the verified rows and counts what each flags. */
async function calibrateDetectors(ds: Dataset, label: string | null, encoder: EncoderState, seed: number, policy: DetectionPolicy | undefined, progress: Progress): Promise<DetectionCalibration> {
  const rng = createRng(seed + 7);
  const rows = ds.rowCount > CALIBRATION_MAX_ROWS ? selectRows(ds, Array.from(sampleIndices(ds.rowCount, CALIBRATION_MAX_ROWS, rng)).sort((a, b) => a - b)) : ds;
  const run = await runDetectors(rows, { registry: createDetectorRegistry(), rng: rng.fork(), label, encoder, progress, reportExtras: false, ...(policy ? { policy } : {}) });
  const threshold = policy?.threshold;
  const labels = label ? labelCodes(rows, label) : null;
  return {
    rows: rows.rowCount,
    detectors: run.outcomes.map((o) => {
      const { flags, count } = detectorFlags(o, threshold);
      if (!labels) return { detector: o.detector, flagged: count };
      const byClass = flagCountsByClass(flags, labels.codes, labels.names.length);
      return { detector: o.detector, flagged: count, byClass: labels.names.map((l, c) => ({ label: l, rows: byClass.rows[c]!, flagged: byClass.flagged[c]! })) };
    }),
  };
}
