/**
 * Sanitisation: applies a policy to a scan report. Every input row gets exactly one fate — kept,
 * removed, quarantined for review, or relabelled to the label a label-error detector suggests —
 * and the batch is split into `clean.*`, `quarantine.*` and `sanitize-log.csv`, which maps every
 * input row to its fate. Nothing is dropped silently.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Column, Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { RowReason, RowVerdict, ScanReport } from '../core/scan-report.js';
import { cellText } from '../data/cell-parsers.js';
import { detectDelimiter } from '../data/csv-reader.js';
import { CsvTokenizer } from '../data/csv-tokenizer.js';
import { csvRecord } from '../data/csv-writer.js';
import { fileError } from '../data/file-error.js';
import { detectDataFormat, type DataFormat } from '../data/file-format.js';
import { readDataset } from '../data/read-dataset.js';
import { SANITIZE_ACTIONS, type DetectionPolicy, type SanitizeAction } from './detection-policy.js';
import { fileDigest } from './file-digest.js';

/** What happens to one input row. */
export const SANITIZE_FATES = ['keep', 'remove', 'quarantine', 'relabel'] as const;
export type SanitizeFate = (typeof SANITIZE_FATES)[number];

/** The default confidence a suggested label needs before a row is relabelled rather than quarantined. */
export const DEFAULT_RELABEL_MIN_CONFIDENCE = 0.9;

/** The folder sanitised files go to when none is given. */
export const DEFAULT_SANITIZE_DIR = 'antidote-sanitized';

/** One row's fate, with what the report said about it. */
export interface RowFate {
  readonly index: number;
  readonly fate: SanitizeFate;
  readonly suspicion: number;
  readonly reasons: readonly RowReason[];
  /** The label written instead (fate `relabel` only). */
  readonly newLabel?: string;
}

/**
 * The fate of every row: `keep` when not flagged; else the action, where `relabel` falls back to
 * `quarantine` for a row without a suggested label or whose suggestion is less confident than
 * `relabelMinConfidence`.
 *
 * @example
 * decideFates(report.rows, 'relabel', 0.9).filter((f) => f.fate === 'relabel');
 */
export function decideFates(rows: readonly RowVerdict[], action: SanitizeAction, relabelMinConfidence = DEFAULT_RELABEL_MIN_CONFIDENCE): RowFate[] {
  return rows.map((r) => {
    const base = { index: r.index, suspicion: r.suspicion, reasons: r.reasons };
    if (!r.flagged) return { ...base, fate: 'keep' };
    if (action !== 'relabel') return { ...base, fate: action };
    const s = r.suggestedLabel;
    return s && s.confidence >= relabelMinConfidence ? { ...base, fate: 'relabel', newLabel: s.label } : { ...base, fate: 'quarantine' };
  });
}

/**
 * Checks that parsed JSON is a scan report whose rows can be sanitised: the format, the input's
 * digest, and one well-formed row per data row in input order. Returns it typed.
 */
export function parseScanReport(raw: unknown, file = 'report.json'): ScanReport {
  const fail = (message: string, path: (string | number)[]): never => {
    throw new AntidoteError('invalid_input', message, { file, path });
  };
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(raw)) return fail('is not a scan report: expected a JSON object', []);
  if (raw['format'] !== 'antidote-scan-report') fail(`is not a scan report: format is ${JSON.stringify(raw['format'])}, expected "antidote-scan-report" (the report.json that \`antidote scan\` writes)`, ['format']);
  if (raw['version'] !== 1) fail(`unsupported report version ${JSON.stringify(raw['version'])}; this antidote reads version 1`, ['version']);
  const input = raw['input'];
  if (!isObj(input) || typeof input['sha256'] !== 'string') fail('must name the scanned file and its sha256 digest', ['input']);
  const rows = raw['rows'];
  if (!Array.isArray(rows)) return fail('must be a list of row verdicts', ['rows']);
  rows.forEach((r: unknown, i) => {
    if (!isObj(r)) return fail('must be an object', ['rows', i]);
    if (r['index'] !== i) fail(`index is ${JSON.stringify(r['index'])}, expected ${i}: rows must be in input order`, ['rows', i, 'index']);
    if (typeof r['flagged'] !== 'boolean') fail('must be true or false', ['rows', i, 'flagged']);
    if (typeof r['suspicion'] !== 'number') fail('must be a number', ['rows', i, 'suspicion']);
    const reasons = r['reasons'];
    if (!Array.isArray(reasons)) return fail('must be a list', ['rows', i, 'reasons']);
    reasons.forEach((x: unknown, k) => {
      if (!isObj(x) || typeof x['detector'] !== 'string' || typeof x['score'] !== 'number') fail('must be { detector, score }', ['rows', i, 'reasons', k]);
    });
    const s = r['suggestedLabel'];
    if (s !== undefined && !(isObj(s) && typeof s['label'] === 'string' && typeof s['confidence'] === 'number')) fail('must be { label, confidence }', ['rows', i, 'suggestedLabel']);
    return undefined;
  });
  return raw as unknown as ScanReport;
}

/** Reads and validates a scan report file. */
export async function readScanReport(path: string): Promise<ScanReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AntidoteError(code === 'ENOENT' ? 'not_found' : 'invalid_input', code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(e as Error).message}`, { file: path });
  }
  return parseScanReport(raw, path);
}

/** Options of {@link sanitizeBatch}. */
export interface SanitizeOptions {
  /** The `report.json` that `antidote scan` wrote for this very file. */
  readonly reportPath: string;
  /** Output folder (default {@link DEFAULT_SANITIZE_DIR}). */
  readonly outDir?: string;
  /** What flagged rows become; overrides the policy's `sanitize.action` (default `quarantine`). */
  readonly action?: SanitizeAction;
  /** The policy; its `sanitize` section gives the action and `relabelMinConfidence`. */
  readonly policy?: DetectionPolicy;
  /** CSV delimiter, as given to `scan` (default: tab for .tsv, else detected from the header). */
  readonly delimiter?: string;
}

/** What {@link sanitizeBatch} did. */
export interface SanitizeResult {
  /** The output folder, absolute. */
  readonly out: string;
  readonly counts: Readonly<Record<SanitizeFate, number>>;
  /** Absolute paths of the files written. */
  readonly files: { readonly clean: string; readonly quarantine: string; readonly log: string };
  /** The format `clean` and `quarantine` are written in. */
  readonly format: 'csv' | 'jsonl';
  /** The input's format when it could not be written back as it was (Parquet, .npy), else null. */
  readonly convertedFrom: DataFormat | null;
  readonly fates: readonly RowFate[];
}

/** The input rows as text, in a form that can be written back. */
type RawRows =
  | { readonly kind: 'csv'; readonly header: readonly string[]; readonly records: readonly string[][]; readonly delimiter: string; readonly eol: '\r\n' | '\n'; readonly ext: string }
  | { readonly kind: 'jsonl'; readonly lines: readonly string[]; readonly ext: string };

/**
 * Splits the data file a report was made from into `clean.<ext>`, `quarantine.<ext>` and
 * `sanitize-log.csv` in `outDir`. CSV/TSV is rewritten with the original header and cell text
 * (quoted per RFC 4180), JSON Lines keeps its original lines, Parquet and `.npy` are written as
 * CSV. Quarantined rows carry their row number, suspicion and reasons (extra `_antidote_*` CSV
 * columns, an `_antidote` field in JSON Lines). Each file is written to a temporary name and
 * renamed, so a failure leaves no half-written output.
 *
 * Throws `invalid_input` when the report was made from another file (digest mismatch), is not a
 * scan report, or has a different number of rows than the data.
 *
 * @example
 * const { counts, files } = await sanitizeBatch('batch.csv', { reportPath: 'report/report.json', action: 'relabel' });
 * counts; // { keep: 129, remove: 0, quarantine: 31, relabel: 9 }
 */
export async function sanitizeBatch(dataPath: string, options: SanitizeOptions): Promise<SanitizeResult> {
  const report = await readScanReport(options.reportPath);
  const digest = await fileDigest(dataPath);
  if (digest !== report.input.sha256) {
    throw new AntidoteError(
      'invalid_input',
      `the report ${options.reportPath} was made from another file (${report.input.file}, ${report.input.sha256}), not from ${dataPath} (${digest}); scan this file first, or pass the file the report was made from`,
      { file: dataPath },
    );
  }
  const format = await detectDataFormat(dataPath);
  const raw = await readRawRows(dataPath, format, options.delimiter);
  const rowCount = raw.kind === 'csv' ? raw.records.length : raw.lines.length;
  if (report.rows.length !== rowCount) {
    throw new AntidoteError('invalid_input', `the report has ${report.rows.length} rows but ${dataPath} has ${rowCount}; it must hold one verdict per data row`, { file: options.reportPath, path: ['rows'] });
  }
  const action = options.action ?? options.policy?.sanitize?.action ?? 'quarantine';
  if (!(SANITIZE_ACTIONS as readonly string[]).includes(action)) {
    throw new AntidoteError('invalid_input', `unknown sanitize action "${action}"; choose one of ${SANITIZE_ACTIONS.join(', ')}`, { path: ['action'] });
  }
  const fates = decideFates(report.rows, action, options.policy?.sanitize?.relabelMinConfidence ?? DEFAULT_RELABEL_MIN_CONFIDENCE);
  const label = report.input.label;
  const out = resolve(options.outDir ?? DEFAULT_SANITIZE_DIR);
  const names = { clean: `clean${raw.ext}`, quarantine: `quarantine${raw.ext}`, log: 'sanitize-log.csv' };
  const texts = raw.kind === 'csv' ? splitCsv(raw, fates, label, dataPath) : splitJsonl(raw, fates, label);
  await writeAllAtomic(out, [
    [names.clean, texts.clean],
    [names.quarantine, texts.quarantine],
    [names.log, texts.log],
  ]);
  const counts = { keep: 0, remove: 0, quarantine: 0, relabel: 0 };
  for (const f of fates) counts[f.fate]++;
  return {
    out,
    counts,
    files: { clean: join(out, names.clean), quarantine: join(out, names.quarantine), log: join(out, names.log) },
    format: raw.kind,
    convertedFrom: format === 'csv' || format === 'jsonl' ? null : format,
    fates,
  };
}

async function readRawRows(path: string, format: DataFormat, delimiterOption: string | undefined): Promise<RawRows> {
  const ext = extname(path).toLowerCase();
  if (format === 'csv' || format === 'jsonl') {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw fileError(e, path);
    }
    return format === 'csv' ? csvRows(bytes, path, ext, delimiterOption) : { kind: 'jsonl', lines: jsonlLines(bytes), ext };
  }
  // No writer for these formats: the typed columns, as text, become CSV.
  const ds = await readDataset(path);
  return { kind: 'csv', header: ds.columns.map((c) => c.name), records: datasetRecords(ds), delimiter: ',', eol: '\n', ext: '.csv' };
}

function csvRows(bytes: Buffer, path: string, ext: string, delimiterOption: string | undefined): RawRows {
  // The same choice of delimiter as the CSV reader, so the rows are the ones the scan saw.
  const delimiter = delimiterOption ?? (ext === '.tsv' ? '\t' : detectDelimiter(bytes));
  const records: string[][] = [];
  const t = new CsvTokenizer(delimiter, (fields) => records.push(fields), path);
  t.push(bytes);
  t.end();
  const header = records.shift();
  if (header === undefined) throw new AntidoteError('invalid_input', `${path} holds no header row`, { file: path });
  records.forEach((r, i) => {
    if (r.length !== header.length) throw new AntidoteError('invalid_input', `data row ${i} has ${r.length} fields, expected ${header.length} like the header`, { file: path });
  });
  const nl = bytes.indexOf(0x0a);
  const eol = nl > 0 && bytes[nl - 1] === 0x0d ? '\r\n' : '\n';
  return { kind: 'csv', header, records, delimiter, eol, ext };
}

/** The non-blank lines, as the JSON Lines reader counts them, without their CR and the BOM. */
function jsonlLines(bytes: Buffer): string[] {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '');
}

function datasetRecords(ds: Dataset): string[][] {
  const records: string[][] = [];
  for (let i = 0; i < ds.rowCount; i++) records.push(ds.columns.map((c) => columnCellText(c, i)));
  return records;
}

function columnCellText(c: Column, i: number): string {
  switch (c.kind) {
    case 'numeric':
      return Number.isNaN(c.values[i]!) ? '' : String(c.values[i]);
    case 'timestamp':
      return Number.isNaN(c.values[i]!) ? '' : new Date(c.values[i]!).toISOString();
    case 'categorical':
      return c.codes[i]! < 0 ? '' : c.categories[c.codes[i]!]!;
    case 'boolean':
      return c.values[i] === 255 ? '' : c.values[i] === 1 ? 'true' : 'false';
    case 'text':
      return c.values[i] ?? '';
    case 'embedding':
      return JSON.stringify(Array.from(c.values.subarray(i * c.dim, (i + 1) * c.dim)));
  }
}

/** `detector:score;...` */
function reasonsText(reasons: readonly RowReason[]): string {
  return reasons.map((r) => `${r.detector}:${r.score}`).join(';');
}

/** A name not among `taken`: `base`, else `_base`, `__base`, ... */
function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  while (taken.has(name)) name = `_${name}`;
  return name;
}

const LOG_HEADER = ['row', 'fate', 'suspicion', 'reasons', 'old_label', 'new_label'] as const;

function logRecord(f: RowFate, oldLabel: string): string {
  return csvRecord([String(f.index), f.fate, String(f.suspicion), reasonsText(f.reasons), oldLabel, f.newLabel ?? ''], { eol: '\n' });
}

interface SplitTexts {
  readonly clean: string;
  readonly quarantine: string;
  readonly log: string;
}

function splitCsv(raw: Extract<RawRows, { kind: 'csv' }>, fates: readonly RowFate[], label: string | null, dataPath: string): SplitTexts {
  const w = { delimiter: raw.delimiter, eol: raw.eol };
  const labelAt = label === null ? -1 : raw.header.indexOf(label);
  if (fates.some((f) => f.fate === 'relabel') && labelAt < 0) {
    throw new AntidoteError('invalid_input', `cannot relabel: the report's label column ${JSON.stringify(label)} is not a column of ${dataPath}; columns: ${raw.header.join(', ')}`, { file: dataPath });
  }
  const taken = new Set(raw.header);
  const review = ['row', 'suspicion', 'reasons'].map((n) => freeName(`_antidote_${n}`, taken));
  const clean: string[] = [csvRecord(raw.header, w)];
  const quarantine: string[] = [csvRecord([...raw.header, ...review], w)];
  const log: string[] = [csvRecord(LOG_HEADER, { eol: '\n' })];
  for (const f of fates) {
    const record = raw.records[f.index]!;
    const oldLabel = labelAt >= 0 ? record[labelAt]! : '';
    log.push(logRecord(f, oldLabel));
    switch (f.fate) {
      case 'keep':
        clean.push(csvRecord(record, w));
        break;
      case 'relabel': {
        const changed = [...record];
        changed[labelAt] = f.newLabel!;
        clean.push(csvRecord(changed, w));
        break;
      }
      case 'quarantine':
        quarantine.push(csvRecord([...record, String(f.index), String(f.suspicion), reasonsText(f.reasons)], w));
        break;
      case 'remove':
        break;
    }
  }
  return { clean: clean.join(''), quarantine: quarantine.join(''), log: log.join('') };
}

function splitJsonl(raw: Extract<RawRows, { kind: 'jsonl' }>, fates: readonly RowFate[], label: string | null): SplitTexts {
  // The reader has accepted every line, so each is one JSON object.
  const objects = raw.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const taken = new Set<string>();
  for (const f of fates) if (f.fate === 'quarantine') for (const k of Object.keys(objects[f.index]!)) taken.add(k);
  const reviewField = freeName('_antidote', taken);
  const clean: string[] = [];
  const quarantine: string[] = [];
  const log: string[] = [csvRecord(LOG_HEADER, { eol: '\n' })];
  for (const f of fates) {
    const line = raw.lines[f.index]!;
    const obj = objects[f.index]!;
    const old = label === null ? undefined : obj[label];
    log.push(logRecord(f, old === undefined || old === null ? '' : cellText(old)));
    switch (f.fate) {
      case 'keep':
        clean.push(`${line}\n`);
        break;
      case 'relabel':
        clean.push(`${JSON.stringify({ ...obj, [label!]: labelValueLike(old, f.newLabel!) })}\n`);
        break;
      case 'quarantine': {
        // The original text stays as it was; the review field is added before the closing brace.
        const review = JSON.stringify({ row: f.index, suspicion: f.suspicion, reasons: f.reasons });
        const body = line.trimEnd().slice(0, -1).trimEnd();
        const sep = Object.keys(obj).length === 0 ? '' : ',';
        quarantine.push(`${body}${sep}${JSON.stringify(reviewField)}:${review}}\n`);
        break;
      }
      case 'remove':
        break;
    }
  }
  return { clean: clean.join(''), quarantine: quarantine.join(''), log: log.join('') };
}

/** The suggested label as a JSON value of the original's type where it reads as one (1, true), else a string. */
function labelValueLike(old: unknown, label: string): unknown {
  if (typeof old === 'number' && label.trim() !== '' && Number.isFinite(Number(label))) return Number(label);
  if (typeof old === 'boolean' && (label === 'true' || label === 'false')) return label === 'true';
  return label;
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
