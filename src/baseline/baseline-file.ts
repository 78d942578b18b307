import { readFile } from 'node:fs/promises';
import type { Baseline } from '../core/baseline.js';
import { COLUMN_KINDS } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { contentHash } from './canonical-json.js';

/**
 * Parses and checks a baseline file: its format and version, the fields later code relies on,
 * and its content hash (an edited baseline is an `integrity_violation`).
 */
export async function readBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new AntidoteError('not_found', `cannot read baseline: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { file: path });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AntidoteError('invalid_input', `the baseline is not valid JSON (${(e as Error).message})`, { file: path });
  }
  return parseBaseline(raw, path);
}

/** Validates parsed JSON as a {@link Baseline} (see {@link readBaseline}). */
export function parseBaseline(raw: unknown, file = 'baseline'): Baseline {
  const bad = (message: string, path: (string | number)[] = []): never => {
    throw new AntidoteError('invalid_input', message, { file, path });
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad('a baseline must be a JSON object; make one with `antidote baseline`');
  const b = raw as Record<string, unknown>;
  if (b['format'] !== 'antidote-baseline') bad(`not an Antidote baseline (format is ${JSON.stringify(b['format'])}); make one with \`antidote baseline\``, ['format']);
  if (b['version'] !== 1) bad(`baseline version ${JSON.stringify(b['version'])} is not supported; this Antidote reads version 1`, ['version']);
  const schema = b['schema'] as { columns?: unknown } | undefined;
  if (!schema || !Array.isArray(schema.columns)) bad('missing schema.columns', ['schema']);
  (schema!.columns as unknown[]).forEach((c, i) => {
    const col = c as { name?: unknown; kind?: unknown };
    if (typeof col?.name !== 'string') bad('column name must be a string', ['schema', 'columns', i, 'name']);
    if (!(COLUMN_KINDS as readonly unknown[]).includes(col.kind)) bad(`unknown column kind ${JSON.stringify(col.kind)}; kinds: ${COLUMN_KINDS.join(', ')}`, ['schema', 'columns', i, 'kind']);
  });
  if (!Array.isArray(b['columns'])) bad('missing columns', ['columns']);
  if (b['label'] !== null && typeof b['label'] !== 'string') bad('label must be a column name or null', ['label']);
  if (typeof b['contentHash'] !== 'string') bad('missing contentHash', ['contentHash']);
  const { contentHash: stated, ...body } = b;
  const actual = contentHash(body);
  if (actual !== stated) {
    throw new AntidoteError('integrity_violation', `the baseline was modified after it was made: its content hashes to ${actual}, the file says ${String(stated)}`, { file });
  }
  return raw as Baseline;
}

/** The baseline as pretty JSON text (its hash does not depend on the formatting). */
export function serializeBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 1)}\n`;
}
