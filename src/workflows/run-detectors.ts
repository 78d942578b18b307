import type { DetectionCalibration } from '../core/baseline.js';
import type { Column, Dataset } from '../core/dataset.js';
import type { Detector, Labels } from '../core/detector.js';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Progress } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import { sampleIndices } from '../core/rng.js';
import { takeRows } from '../baseline/build-baseline.js';
import { principalComponents } from '../kernels/principal-components.js';
import type { RowVerdict } from '../core/scan-report.js';
import type { EncoderState } from '../data/encoding/feature-encoder.js';
import { fitFeatureEncoder, transformFeatures } from '../data/encoding/feature-encoder.js';
import { gateByBaselineRate, type BaselineGate } from '../detectors/baseline-rate-gate.js';
import { combineSuspicion, type DetectorOutcome } from '../detectors/combine-suspicion.js';
import type { DetectorRegistry } from '../detectors/detector-registry.js';
import { detectorSuspicion } from '../detectors/detector-suspicion.js';
import { findDuplicates } from '../detectors/poison/find-duplicates.js';
import type { DuplicatesSummary } from '../core/scan-report.js';
import type { SuggestedLabels } from '../detectors/poison/confident-learning.js';
import type { DetectionPolicy } from './detection-policy.js';

/** What {@link runDetectors} found. */
export interface DetectorRun {
  readonly rows: RowVerdict[];
  /** Detectors that ran, in order. */
  readonly detectors: readonly string[];
  /** Per detector: calibrated suspicion per row, and how long it took (flags cleared where the baseline gate found no excess). */
  readonly outcomes: readonly (DetectorOutcome & { readonly ms: number })[];
  /** The label names behind the codes (when there is a label). */
  readonly classes: readonly string[] | null;
  /** Detectors that were asked for but could not run on this data, with why. */
  readonly skipped: readonly { readonly detector: string; readonly why: string }[];
  /** Per detector with a clean rate in the baseline: whether its flags exceed that rate (null without one). */
  readonly gates: readonly BaselineGate[] | null;
  /** Exact and near duplicates inside the batch and against the reference rows (null above the neighbour-search row limit). */
  readonly duplicates: DuplicatesSummary | null;
  /** The first two principal components of the encoded rows (a seeded sample of at most 3,000, flagged rows always in). */
  readonly projection: { readonly index: readonly number[]; readonly x: readonly number[]; readonly y: readonly number[] } | null;
}

/** Options of {@link runDetectors}. */
export interface RunDetectorsOptions {
  readonly registry: DetectorRegistry;
  readonly rng: Rng;
  readonly policy?: DetectionPolicy;
  readonly label?: string | null;
  /** The baseline's encoder, so a batch is encoded like its baseline; fitted on the batch otherwise. */
  readonly encoder?: EncoderState;
  /** Encoded rows of the baseline to look for duplicates in (its stored sample), or why there are none. */
  readonly reference?: { readonly rows: Matrix<Float32Array> } | { readonly note: string };
  /** The baseline's clean flag rates: a detector keeps its flags only when the batch exceeds its rate (see gateByBaselineRate). */
  readonly calibration?: DetectionCalibration | null;
  /** Also look for duplicates and project the rows for the report's scatter (default true; the baseline's calibration run needs neither). */
  readonly reportExtras?: boolean;
  readonly progress?: Progress;
}

/**
 * The default detectors for a data set: backdoor and clean-label detectors on embeddings,
 * label-error detectors when there is a label, outlier detectors on tabular features.
 */
export function defaultDetectors(batch: Dataset, label: string | null): { run: string[]; skipped: { detector: string; why: string }[] } {
  const features = batch.columns.filter((c) => c.name !== label);
  const hasEmbedding = features.some((c) => c.kind === 'embedding');
  const hasText = features.some((c) => c.kind === 'text');
  const wanted: string[] = [];
  if (!hasText) wanted.push('isolation-forest');
  if (!hasText && !hasEmbedding) wanted.push('lof');
  if (label) {
    wanted.push('confident-learning', 'knn-label', 'duplicate-labels');
    if (hasEmbedding) wanted.push('spectral-signatures', 'activation-clustering', 'spectre', 'deep-knn');
  }
  // The neighbour searches are not yet fast enough for large batches: by default they stop here
  // (a policy's `run` list can still ask for them).
  const slow = new Set(['lof', 'knn-label', 'duplicate-labels', 'deep-knn']);
  const large = batch.rowCount > NEIGHBOUR_DEFAULT_MAX_ROWS;
  return {
    run: wanted.filter((n) => !(large && slow.has(n))),
    skipped: large ? wanted.filter((n) => slow.has(n)).map((detector) => ({ detector, why: `not run by default above ${NEIGHBOUR_DEFAULT_MAX_ROWS} rows (neighbour search too slow yet); name it in a policy's "run" list to force it` })) : [],
  };
}

/**
 * Detector parameters that depend on the data's kind (a policy's `params` override them). On text,
 * confident learning's model gets a strong L2 penalty (C = 0.001): hashed TF-IDF has a thousand
 * tiny-valued columns, and with C = 1 each fold's model overfits rare tokens, so its out-of-fold
 * probabilities rank flipped e-mails worse (SpamAssassin, 20% spam → ham: AUROC 0.876 at C = 1,
 * 0.938 at C = 0.001; docs/benchmarks.md).
 */
export function defaultParams(detector: string, batch: Dataset, label: string | null): Record<string, unknown> {
  const hasText = batch.columns.some((c) => c.kind === 'text' && c.name !== label);
  if (detector === 'confident-learning' && hasText) return { C: TEXT_CONFIDENT_LEARNING_C };
  return {};
}

/** Confident learning's inverse L2 strength on text features (see {@link defaultParams}). */
export const TEXT_CONFIDENT_LEARNING_C = 0.001;

/** Above this many rows the neighbour-based detectors are left out of the defaults. */
export const NEIGHBOUR_DEFAULT_MAX_ROWS = 20000;

/**
 * Runs the poison detectors of the policy (or the defaults for the data's kind) on a batch,
 * calibrates each detector's scores into suspicions and combines them into one verdict per row.
 */
export async function runDetectors(batch: Dataset, options: RunDetectorsOptions): Promise<DetectorRun> {
  const policy = options.policy ?? {};
  const progress = options.progress ?? silentProgress;
  const label = options.label ?? null;
  const labels = label ? labelCodes(batch, label) : null;
  const encoder = options.encoder ?? fitFeatureEncoder(batch, { exclude: label ? [label] : [] });
  const features = transformFeatures(batch, encoder).matrix;
  const embedding = batch.columns.find((c): c is Extract<Column, { kind: 'embedding' }> => c.kind === 'embedding' && c.name !== label);
  const representation: Matrix<Float32Array> = embedding ? { rows: batch.rowCount, cols: embedding.dim, data: embedding.values } : features;
  const defaults = policy.run ? null : defaultDetectors(batch, label);
  const wanted = (policy.run ?? defaults!.run).filter((n) => policy.detectors?.[n]?.enabled !== false);
  const budget = policy.contaminationBudget ?? 0.1;
  const outcomes: (DetectorOutcome & { ms: number })[] = [];
  const skipped: { detector: string; why: string }[] = [...(defaults?.skipped ?? [])];
  let suggested: SuggestedLabels | null = null;
  progress.start('poison detectors', wanted.length);
  for (const [k, name] of wanted.entries()) {
    progress.update(k);
    const entry = options.registry.get(name);
    if (!entry) throw new AntidoteError('invalid_input', `unknown detector "${name}"; available: ${[...options.registry.keys()].join(', ')}`);
    if (entry.requires.includes('labels') && !labels) {
      skipped.push({ detector: name, why: 'needs a label column (--label)' });
      continue;
    }
    const x = entry.requires.includes('embeddings') ? representation : features;
    const settings = policy.detectors?.[name];
    const t0 = performance.now();
    const detector: Detector = entry.factory({ ...defaultParams(name, batch, label), ...(settings?.params ?? {}), rng: options.rng.fork(), contamination: budget });
    const lab = labels ? { codes: labels.codes, classes: labels.classes } : undefined;
    await detector.fit(x, lab);
    const scores = await detector.scoreSamples(x, lab);
    const decided = entry.scoring === 'decides' ? Uint8Array.from(await detector.predict(x, lab), (p) => (p === -1 ? 1 : 0)) : undefined;
    const { suspicion, threshold } = detectorSuspicion(entry.scoring, scores, decided);
    if (name === 'confident-learning' && 'suggestedLabels' in detector) suggested = (detector as unknown as { suggestedLabels(): SuggestedLabels }).suggestedLabels();
    outcomes.push({
      detector: name,
      suspicion,
      ms: Math.round(performance.now() - t0),
      ...(decided ? { decided } : {}),
      ...(settings?.threshold !== undefined ? { threshold: settings.threshold } : threshold !== undefined ? { threshold } : {}),
      ...(settings?.weight !== undefined ? { weight: settings.weight } : {}),
    });
  }
  progress.finish();
  let gates: BaselineGate[] | null = null;
  let combined: readonly (DetectorOutcome & { ms: number })[] = outcomes;
  if (options.calibration) {
    const gated = gateByBaselineRate(outcomes, options.calibration, {
      ...(policy.excessAlpha !== undefined ? { alpha: policy.excessAlpha } : {}),
      ...(policy.threshold !== undefined ? { threshold: policy.threshold } : {}),
      ...(labels ? { labels: { codes: labels.codes, names: labels.names } } : {}),
    });
    combined = gated.outcomes;
    gates = gated.gates;
  }
  // With a baseline, only detectors that found an excess inform the ranking (all of them when none did).
  const informative = gates?.some((g) => g.kept) ? combined.map((o) => o.detector).filter((d) => !gates!.some((g) => g.detector === d && !g.kept)) : undefined;
  let rows = combineSuspicion(batch.rowCount, combined, { ...(policy.threshold !== undefined ? { threshold: policy.threshold } : {}), ...(informative ? { informative } : {}) });
  if (suggested && labels) {
    const s = suggested;
    rows = rows.map((r) => {
      const to = s.labels[r.index]!;
      return to !== labels.codes[r.index] && to >= 0 ? { ...r, suggestedLabel: { label: labels.names[to]!, confidence: Math.round(s.confidence[r.index]! * 1e6) / 1e6 } } : r;
    });
  }
  const extras = options.reportExtras !== false;
  const duplicates = extras ? await duplicatesSummary(features, options.reference) : null;
  const projection = extras ? projection2d(features, rows, options.rng.fork()) : null;
  return { rows, detectors: combined.map((o) => o.detector), outcomes: combined, gates, duplicates, classes: labels?.names ?? null, skipped, projection };
}

/** The label column as class codes 0..k-1 (-1 for missing) with the class names. */
export function labelCodes(batch: Dataset, label: string): Labels & { names: readonly string[] } {
  const col = batch.columns.find((c) => c.name === label);
  if (!col) throw new AntidoteError('invalid_input', `label column "${label}" does not exist; columns: ${batch.columns.map((c) => c.name).join(', ')}`);
  switch (col.kind) {
    case 'categorical':
      return { codes: col.codes, classes: col.categories.length, names: col.categories };
    case 'boolean':
      return { codes: Int32Array.from(col.values, (v) => (v === 255 ? -1 : v)), classes: 2, names: ['false', 'true'] };
    case 'numeric': {
      const distinct = [...new Set(Array.from(col.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
      if (distinct.length > 100 || distinct.some((v) => !Number.isInteger(v))) {
        throw new AntidoteError('invalid_input', `label column "${label}" holds ${distinct.length > 100 ? 'more than 100 distinct numbers' : 'fractional numbers'}: poison detectors need class labels (give it as categorical with a schema override if it is one)`);
      }
      const index = new Map(distinct.map((v, i) => [v, i]));
      return { codes: Int32Array.from(col.values, (v) => (Number.isNaN(v) ? -1 : index.get(v)!)), classes: distinct.length, names: distinct.map(String) };
    }
    default:
      throw new AntidoteError('invalid_input', `label column "${label}" is ${col.kind}; a label must be categorical, boolean or whole numbers`);
  }
}

/** Exact and near duplicates for the report (the neighbour search is skipped above {@link NEIGHBOUR_DEFAULT_MAX_ROWS} rows). */
async function duplicatesSummary(features: Matrix<Float32Array>, reference: RunDetectorsOptions['reference']): Promise<DuplicatesSummary | null> {
  if (features.rows < 2 || features.rows > NEIGHBOUR_DEFAULT_MAX_ROWS) return null;
  const ref = reference && 'rows' in reference && reference.rows.cols === features.cols ? reference.rows : undefined;
  const found = await findDuplicates(features, ref ? { reference: ref } : {});
  const note = reference && 'note' in reference ? reference.note : reference && !ref ? 'the baseline sample is encoded differently from this batch' : undefined;
  return {
    threshold: Math.round(found.threshold * 1e6) / 1e6,
    duplicateRows: found.duplicateRows,
    againstBaseline: found.groups.filter((g) => g.referenceRows.length > 0).length,
    baselineRowsCompared: ref?.rows ?? 0,
    groupCount: found.groups.length,
    groups: found.groups.slice(0, 100).map((g) => ({ kind: g.kind, rows: g.rows.slice(0, 20), baselineRows: g.referenceRows.slice(0, 20), radius: Math.round(g.radius * 1e6) / 1e6 })),
    ...(note ? { note } : {}),
  };
}

const PROJECTION_ROWS = 3000;

/** Rows projected on the first two principal components, for the report's scatter plot. */
function projection2d(features: Matrix<Float32Array>, rows: readonly RowVerdict[], rng: Rng): DetectorRun['projection'] {
  if (features.rows < 3 || features.cols < 2) return null;
  const flagged = rows.filter((r) => r.flagged).map((r) => r.index);
  const others = rows.filter((r) => !r.flagged).map((r) => r.index);
  const room = Math.max(0, PROJECTION_ROWS - flagged.length);
  const picked = room >= others.length ? others : Array.from(sampleIndices(others.length, room, rng), (k) => others[k]!);
  const index = [...flagged, ...picked].sort((a, b) => a - b);
  const sub = takeRows(features.data, features.cols, index);
  const pca = principalComponents({ rows: sub.rows, cols: sub.dim, data: sub.values }, 2, rng);
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    index,
    x: index.map((_, i) => round(pca.projected[i * 2]!)),
    y: index.map((_, i) => round(pca.projected[i * 2 + 1] ?? 0)),
  };
}

