/**
 * Streams a JSON Lines file (https://jsonlines.org: one JSON object per line) into a
 * {@link Dataset}. Blank lines are skipped; the columns are the fields of the first
 * `inferenceRows` objects (in order of first appearance) plus any the schema override names; a
 * field absent from an object is a missing value; arrays of numbers become embedding columns.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { silentProgress } from '../core/progress.js';
import { fileError } from './file-error.js';
import { DEFAULT_INFERENCE_ROWS } from './schema-inference.js';
import { TableAssembler } from './table-assembler.js';
import type { TableReadOptions } from './table-read-options.js';

/** Options for {@link readJsonl}. */
export type JsonlReadOptions = TableReadOptions;

const CHUNK_BYTES = 1 << 20;

type JsonObject = Record<string, unknown>;

function describeJson(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return `a ${typeof v}`;
}

function parseLine(text: string, file: string, line: number): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(detail);
    const column = pos ? Number(pos[1]) + 1 : undefined;
    throw new AntidoteError('invalid_input', `line ${line} is not valid JSON: ${detail}`, { file, line, column });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AntidoteError('invalid_input', `line ${line} holds ${describeJson(value)}; JSON Lines needs one object per line, like {"x": 1}`, { file, line, column: 1 });
  }
  return value as JsonObject;
}

/**
 * Reads a JSON Lines (`.jsonl`, `.ndjson`) file.
 *
 * @example
 * const ds = await readJsonl('emails.jsonl', { schema: { label: 'categorical' } });
 */
export async function readJsonl(path: string, options: JsonlReadOptions = {}): Promise<Dataset> {
  const progress = options.progress ?? silentProgress;
  const inferenceRows = Math.max(1, options.inferenceRows ?? DEFAULT_INFERENCE_ROWS);
  const override = options.schema ?? {};
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(path)).size;
  } catch (e) {
    throw fileError(e, path);
  }
  if (sizeBytes === 0) throw new AntidoteError('invalid_input', `${path} is empty: a JSON Lines file needs at least one object`, { file: path });

  let sample: { obj: JsonObject; line: number }[] | undefined = [];
  let names: string[] = [];
  let known = new Set<string>();
  const seen = new Set<string>();
  let assembler: TableAssembler | undefined;

  const start = (): TableAssembler => {
    const rows = sample ?? [];
    sample = undefined;
    const order = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r.obj)) order.add(k);
    for (const k of Object.keys(override)) order.add(k);
    names = [...order];
    known = new Set(names);
    const t = new TableAssembler(path, names, { override, hints: options.kindHints, allowNonFinite: options.allowNonFinite, inferenceRows });
    for (const r of rows) t.addRow(names.map((n) => r.obj[n]), r.line);
    return t;
  };

  const onLine = (text: string, line: number): void => {
    if (text.trim() === '') return;
    const obj = parseLine(text, path, line);
    for (const k in obj) seen.add(k);
    if (sample) {
      sample.push({ obj, line });
      if (sample.length >= inferenceRows) assembler = start();
      return;
    }
    for (const k in obj) {
      if (!known.has(k)) {
        throw new AntidoteError(
          'invalid_input',
          `line ${line}: field "${k}" first appears after the ${inferenceRows} objects the schema was inferred from; name it in a schema override (e.g. {"${k}": "categorical"}) to read it, or remove it`,
          { file: path, line, column: k },
        );
      }
    }
    assembler!.addRow(names.map((n) => obj[n]), line);
  };

  progress.start(`read ${basename(path)}`, sizeBytes);
  let line = 1;
  let pending: Buffer[] = [];
  let done = 0;
  const flush = (bytes: Buffer): void => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    onLine(bytes.toString('utf8', bytes.length >= 3 && line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0, end), line);
    line++;
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        const piece = chunk.subarray(from, nl);
        if (pending.length > 0) {
          pending.push(piece);
          flush(Buffer.concat(pending));
          pending = [];
        } else {
          flush(piece);
        }
        from = nl + 1;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
      done += chunk.length;
      progress.update(done);
    }
    if (pending.length > 0) flush(Buffer.concat(pending));
  } catch (e) {
    throw fileError(e, path);
  } finally {
    progress.finish();
  }
  if (sample) {
    if (sample.length === 0) throw new AntidoteError('invalid_input', `${path} holds only blank lines: a JSON Lines file needs at least one object`, { file: path });
    assembler = start();
  }
  for (const name of Object.keys(override)) {
    if (!seen.has(name)) {
      throw new AntidoteError('invalid_input', `the schema override names column "${name}", which no object in ${path} has; its fields are: ${[...seen].join(', ')}`, {
        file: path,
        column: name,
      });
    }
  }
  return assembler!.finish();
}
