/**
 * `antidote attack` as a use case: reads a CSV file, runs one poisoning simulator on it, and
 * writes into a folder the poisoned data (same format: delimiter, line ending and every cell's
 * text kept; a cell is quoted only where RFC 4180 needs it, so untouched rows of a file written
 * that way come back byte for byte), the
 * ground-truth mask `poison-mask.csv` and `manifest.json`. Nothing in the output depends on the
 * time or the output path, so the same input and seed give byte-identical files.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { applyFeatureTrigger, featureTriggerBackdoor } from '../attacks/feature-trigger-backdoor.js';
import { blendedBackdoor } from '../attacks/blended-backdoor.js';
import { featureCollision } from '../attacks/feature-collision.js';
import { applyPatchTrigger, imagePatchBackdoor, type ImageShape, type PatchCorner } from '../attacks/image-patch-backdoor.js';
import { labelConsistentBackdoor } from '../attacks/label-consistent-backdoor.js';
import { lossMaximisingLabelFlip } from '../attacks/loss-maximising-label-flip.js';
import type { AttackKind, JsonValue, PoisonManifest } from '../attacks/poison-result.js';
import { randomLabelFlip } from '../attacks/random-label-flip.js';
import { targetedLabelFlip } from '../attacks/targeted-label-flip.js';
import { textTriggerBackdoor } from '../attacks/text-trigger-backdoor.js';
import type { Representation } from '../attacks/representation.js';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { csvRecord } from '../data/csv-writer.js';
import { fitFeatureEncoder, transformFeatures } from '../data/encoding/feature-encoder.js';
import { isMissingValue } from '../data/missing-value.js';
import { readNpy } from '../data/npy-reader.js';
import { readDataset } from '../data/read-dataset.js';
import { fileDigest } from './file-digest.js';
import { columnIndex, numericMatrix, readRawTable, tableLabels, type RawTable } from './run-attack-table.js';

/** A patch trigger as the workflow takes it (the value defaults to the data's largest feature value). */
export interface PatchSpec {
  readonly imageShape: ImageShape;
  readonly patchSize: number;
  readonly patchValue?: number;
  readonly corner?: PatchCorner;
}

/** A tabular trigger by column names. */
export interface FeaturePatternSpec {
  readonly columns: readonly string[];
  readonly values: readonly number[];
}

/** Which attack, with its own settings; classes are given as they are written in the label column. */
export type AttackSpec =
  | { readonly kind: 'label-flip' }
  | { readonly kind: 'targeted-flip'; readonly source: string; readonly target: string }
  | { readonly kind: 'loss-flip'; readonly rounds?: number }
  | ({ readonly kind: 'backdoor-patch'; readonly target: string } & PatchSpec)
  | { readonly kind: 'blended'; readonly target: string; readonly alpha: number }
  | { readonly kind: 'text-trigger'; readonly target: string; readonly textColumn: string; readonly phrase: string }
  | ({ readonly kind: 'feature-trigger'; readonly target: string } & FeaturePatternSpec)
  | {
      readonly kind: 'feature-collision';
      /** The class of the poisons, which the target instance should end up classified as. */
      readonly target: string;
      /** The data row (0-based) that is the attacker's target instance; it is left as it is. */
      readonly targetRow: number;
      /** A `.npy` matrix W (features x dimensions): f(x) = x·W. Absent: the identity. */
      readonly representationPath?: string;
      readonly beta?: number;
      readonly iterations?: number;
      readonly clip?: readonly [number, number];
    }
  | {
      readonly kind: 'label-consistent';
      readonly target: string;
      readonly epsilon: number;
      readonly steps?: number;
      readonly clip?: readonly [number, number];
      readonly trigger: PatchSpec | FeaturePatternSpec;
    };

/** Options of {@link runAttack}. */
export interface RunAttackOptions {
  readonly attack: AttackSpec;
  /** The label column. */
  readonly label: string;
  /** Fraction of the eligible rows to poison, in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
  readonly outDir: string;
  /** CSV delimiter (default: tab for `.tsv`, else detected). */
  readonly delimiter?: string;
}

/** The manifest file's content. */
export interface AttackManifestFile extends PoisonManifest {
  readonly format: 'antidote-attack-manifest';
  readonly version: 1;
  readonly input: { readonly file: string; readonly sha256: string; readonly rows: number; readonly label: string; readonly classes: readonly string[] };
  readonly files: { readonly data: string; readonly mask: string };
}

/** What {@link runAttack} wrote. */
export interface RunAttackResult {
  readonly out: string;
  readonly files: { readonly data: string; readonly mask: string; readonly manifest: string };
  readonly manifest: AttackManifestFile;
}

/** The name of the mask file. */
export const POISON_MASK_FILE = 'poison-mask.csv';
/** The name of the manifest file. */
export const ATTACK_MANIFEST_FILE = 'manifest.json';

/** What a simulator changed, as cells to write. */
interface Outcome {
  readonly manifest: PoisonManifest;
  readonly mask: Uint8Array;
  /** New label codes (absent: unchanged). */
  readonly labels?: Int32Array;
  /** New values of the feature columns `featureColumns` (absent: unchanged). */
  readonly x?: Matrix<Float64Array>;
  readonly featureColumns?: readonly number[];
  /** New text of column `textColumn`. */
  readonly texts?: readonly (string | null)[];
  readonly textColumn?: number;
}

/**
 * Runs one attack on a CSV file and writes `DIR/poisoned.<ext>`, `DIR/poison-mask.csv` (row,
 * poisoned) and `DIR/manifest.json`, each atomically. Only poisoned rows differ from the input.
 *
 * @throws AntidoteError `invalid_input` naming the option or the cell at fault (an unknown class,
 *   a column that is not numeric, an image shape that does not match), `unsupported` for a format other than CSV.
 * @example
 * const { manifest } = await runAttack('emails.csv', { attack: { kind: 'targeted-flip', source: 'spam', target: 'ham' }, label: 'label', rate: 0.3, seed: 1, outDir: 'poisoned' });
 * manifest.poisoned; // round(0.3 * spam rows)
 */
export async function runAttack(path: string, options: RunAttackOptions): Promise<RunAttackResult> {
  const table = await readRawTable(path, options.delimiter);
  const labelAt = columnIndex(table, options.label, 'label column');
  const { codes, classNames } = tableLabels(table, labelAt);
  if (classNames.length === 0) throw new AntidoteError('invalid_input', `label column "${options.label}" holds no label`, { file: path });
  const labels = { codes, classes: classNames.length };
  const classOf = (name: string, what: string): number => {
    const k = classNames.indexOf(name);
    if (k < 0) throw new AntidoteError('invalid_input', `${what} "${name}" is not a class of the label column "${options.label}"; classes: ${classNames.join(', ')}`, { file: path });
    return k;
  };
  const featureColumns = table.header.map((_, j) => j).filter((j) => j !== labelAt);
  const { rate, seed } = options;
  const a = options.attack;
  let outcome: Outcome;
  switch (a.kind) {
    case 'label-flip':
      outcome = randomLabelFlip(labels, { rate, seed });
      break;
    case 'targeted-flip':
      outcome = targetedLabelFlip(labels, { source: classOf(a.source, 'source'), target: classOf(a.target, 'target'), rate, seed });
      break;
    case 'loss-flip': {
      // The surrogate sees every column but the label, encoded as the detectors encode them (text by hashed TF-IDF).
      const ds = await readDataset(path, options.delimiter !== undefined ? { delimiter: options.delimiter } : {});
      const encoded = transformFeatures(ds, fitFeatureEncoder(ds, { exclude: [options.label] })).matrix;
      outcome = await lossMaximisingLabelFlip(encoded, labels, { rate, seed, ...(a.rounds !== undefined ? { rounds: a.rounds } : {}) });
      break;
    }
    case 'backdoor-patch': {
      const x = numericMatrix(table, featureColumns, 'backdoor-patch treats every column but the label as a pixel');
      const trigger = patchTrigger(a, x);
      const r = imagePatchBackdoor(x, labels, { target: classOf(a.target, 'target'), rate, seed, trigger });
      outcome = { ...r, featureColumns };
      break;
    }
    case 'blended': {
      const x = numericMatrix(table, featureColumns, 'blended mixes a pattern into every column but the label');
      const r = blendedBackdoor(x, labels, { target: classOf(a.target, 'target'), rate, seed, alpha: a.alpha, noiseRange: valueRange(x) });
      outcome = { ...r, featureColumns };
      break;
    }
    case 'text-trigger': {
      const at = columnIndex(table, a.textColumn, 'text column');
      if (at === labelAt) throw new AntidoteError('invalid_input', `the text column "${a.textColumn}" is the label column; choose the column that holds the text`, { file: path });
      const texts = table.records.map((r) => (isMissingValue(r[at]) ? null : r[at]!));
      const r = textTriggerBackdoor(texts, labels, { phrase: a.phrase, target: classOf(a.target, 'target'), rate, seed });
      outcome = { ...r, textColumn: at };
      break;
    }
    case 'feature-trigger': {
      const cols = triggerColumns(table, a, labelAt);
      const x = numericMatrix(table, cols, 'a feature trigger sets numeric columns', true);
      const r = featureTriggerBackdoor(x, labels, { target: classOf(a.target, 'target'), rate, seed, trigger: { columns: cols.map((_, k) => k), values: a.values } });
      outcome = { ...r, featureColumns: cols, manifest: { ...r.manifest, parameters: { ...r.manifest.parameters, columns: [...a.columns] } } };
      break;
    }
    case 'feature-collision': {
      const x = numericMatrix(table, featureColumns, 'feature collision perturbs every column but the label');
      const base = classOf(a.target, 'target');
      if (!Number.isInteger(a.targetRow) || a.targetRow < 0 || a.targetRow >= x.rows) {
        throw new AntidoteError('invalid_input', `target row ${a.targetRow} is not a data row; rows are numbered 0 to ${x.rows - 1}`, { file: path });
      }
      if (codes[a.targetRow] === base) {
        throw new AntidoteError('invalid_input', `target row ${a.targetRow} is already of class "${a.target}"; feature collision makes an instance of another class be classified as the target class`, { file: path });
      }
      const representation: Representation = a.representationPath ? { kind: 'linear', weights: await readNpy(a.representationPath) } : { kind: 'identity' };
      const targetInstance = x.data.slice(a.targetRow * x.cols, (a.targetRow + 1) * x.cols);
      // The target instance is the attacker's test point: it is neither a base nor changed.
      const baseLabels = codes.slice();
      baseLabels[a.targetRow] = -1;
      const r = featureCollision(x, { codes: baseLabels, classes: labels.classes }, {
        targetInstance, baseClass: base, rate, seed, representation,
        ...(a.beta !== undefined ? { beta: a.beta } : {}), ...(a.iterations !== undefined ? { iterations: a.iterations } : {}), ...(a.clip ? { clip: a.clip } : {}),
      });
      outcome = { manifest: { ...r.manifest, parameters: { ...r.manifest.parameters, targetRow: a.targetRow } }, mask: r.mask, x: r.x, featureColumns };
      break;
    }
    case 'label-consistent': {
      const x = numericMatrix(table, featureColumns, 'the label-consistent attack perturbs every column but the label');
      const t = a.trigger;
      let applyTrigger: (m: Matrix<Float64Array>) => Matrix<Float64Array>;
      let triggerDescription: JsonValue;
      if ('imageShape' in t) {
        const patch = patchTrigger(t, x);
        applyTrigger = (m) => applyPatchTrigger(m, patch);
        triggerDescription = { kind: 'patch', imageShape: { height: patch.shape.height, width: patch.shape.width, channels: patch.shape.channels ?? 1 }, patchSize: patch.size, patchValue: patch.value, corner: patch.corner ?? 'bottom-right' };
      } else {
        const named = triggerColumns(table, t, labelAt);
        const trigger = { columns: named.map((j) => featureColumns.indexOf(j)), values: t.values };
        applyTrigger = (m) => applyFeatureTrigger(m, trigger);
        triggerDescription = { kind: 'feature', columns: [...t.columns], values: [...t.values] };
      }
      const r = await labelConsistentBackdoor(x, labels, {
        target: classOf(a.target, 'target'), rate, seed, epsilon: a.epsilon, applyTrigger, triggerDescription,
        ...(a.steps !== undefined ? { steps: a.steps } : {}), ...(a.clip ? { clip: a.clip } : {}),
      });
      outcome = { ...r, featureColumns };
      break;
    }
  }
  return writeOutcome(table, labelAt, classNames, outcome, options, await fileDigest(path));
}

function triggerColumns(table: RawTable, spec: FeaturePatternSpec, labelAt: number): number[] {
  if (spec.columns.length !== spec.values.length) {
    throw new AntidoteError('invalid_input', `${spec.columns.length} trigger columns but ${spec.values.length} values; give one value per column`, { file: table.file });
  }
  return spec.columns.map((c) => {
    const j = columnIndex(table, c, 'trigger column');
    if (j === labelAt) throw new AntidoteError('invalid_input', `trigger column "${c}" is the label column; a trigger sets features, the label is set to the target`, { file: table.file });
    return j;
  });
}

function patchTrigger(spec: PatchSpec, x: Matrix<Float64Array>): { shape: ImageShape; size: number; value: number; corner?: PatchCorner } {
  const value = spec.patchValue ?? valueRange(x)[1];
  return { shape: spec.imageShape, size: spec.patchSize, value, ...(spec.corner ? { corner: spec.corner } : {}) };
}

/** [min, max] of a matrix's finite values ([0, 1] when it has none). */
function valueRange(x: Matrix<Float64Array>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

async function writeOutcome(table: RawTable, labelAt: number, classNames: readonly string[], o: Outcome, options: RunAttackOptions, sha256: string): Promise<RunAttackResult> {
  const w = { delimiter: table.delimiter, eol: table.eol };
  const lines: string[] = [csvRecord(table.header, w)];
  const maskLines: string[] = [csvRecord(['row', 'poisoned'], { eol: '\n' })];
  table.records.forEach((record, i) => {
    maskLines.push(`${i},${o.mask[i]}\n`);
    if (!o.mask[i]) {
      lines.push(csvRecord(record, w));
      return;
    }
    const cells = [...record];
    if (o.labels && o.labels[i]! >= 0) cells[labelAt] = classNames[o.labels[i]!]!;
    if (o.x && o.featureColumns) {
      const d = o.featureColumns.length;
      o.featureColumns.forEach((j, k) => {
        const v = o.x!.data[i * d + k]!;
        cells[j] = Number.isNaN(v) ? '' : String(v);
      });
    }
    if (o.texts && o.textColumn !== undefined) cells[o.textColumn] = o.texts[i] ?? '';
    lines.push(csvRecord(cells, w));
  });
  const dataName = `poisoned${table.ext === '.tsv' ? '.tsv' : '.csv'}`;
  const manifest: AttackManifestFile = {
    format: 'antidote-attack-manifest',
    version: 1,
    attack: o.manifest.attack as AttackKind,
    parameters: o.manifest.parameters,
    seed: o.manifest.seed,
    inputSha256: o.manifest.inputSha256,
    eligible: o.manifest.eligible,
    poisoned: o.manifest.poisoned,
    input: { file: basename(table.file), sha256, rows: table.records.length, label: options.label, classes: classNames },
    files: { data: dataName, mask: POISON_MASK_FILE },
  };
  const out = resolve(options.outDir);
  await writeAllAtomic(out, [
    [dataName, lines.join('')],
    [POISON_MASK_FILE, maskLines.join('')],
    [ATTACK_MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`],
  ]);
  return { out, files: { data: join(out, dataName), mask: join(out, POISON_MASK_FILE), manifest: join(out, ATTACK_MANIFEST_FILE) }, manifest };
}

/** Writes every file under a temporary name first, then renames them all; on failure removes what it wrote. */
async function writeAllAtomic(dir: string, files: readonly (readonly [string, string])[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temps = files.map(([name]) => join(dir, `.${name}.tmp-${process.pid}`));
  try {
    for (let i = 0; i < files.length; i++) await writeFile(temps[i]!, files[i]![1]);
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, join(dir, files[i]![0]));
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
}
