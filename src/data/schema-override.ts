/**
 * A schema override: the kinds a person asserts for some columns, replacing what inference would
 * decide (a 0/1 count column that must stay numeric, a zip code that must stay categorical).
 * Stored as a JSON object mapping column name to kind, e.g. `{"zip": "categorical", "notes": "text"}`.
 */
import { readFile } from 'node:fs/promises';
import { COLUMN_KINDS, type ColumnKind } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { Schema } from '../core/schema.js';
import { fileError } from './file-error.js';

/** Column name → the kind it must be read as. Columns not named keep their inferred kind. */
export type SchemaOverride = Readonly<Record<string, ColumnKind>>;

function isColumnKind(v: unknown): v is ColumnKind {
  return typeof v === 'string' && (COLUMN_KINDS as readonly string[]).includes(v);
}

/**
 * Validates a parsed JSON value as a {@link SchemaOverride}; `file` only labels the error.
 * Throws `invalid_input` naming the bad field and listing the valid kinds.
 *
 * @example
 * parseSchemaOverride({ zip: 'categorical' }); // { zip: 'categorical' }
 * parseSchemaOverride({ zip: 'category' }); // throws: column "zip": unknown kind "category"; valid kinds: numeric, ...
 */
export function parseSchemaOverride(json: unknown, file?: string): SchemaOverride {
  const where = file === undefined ? 'schema override' : `schema override ${file}`;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const got = json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json;
    throw new AntidoteError('invalid_input', `${where} must be a JSON object mapping column names to kinds, e.g. {"zip": "categorical"}; got ${got}`, { file, path: [] });
  }
  const out: Record<string, ColumnKind> = {};
  for (const [name, kind] of Object.entries(json)) {
    if (!isColumnKind(kind)) {
      const shown = typeof kind === 'string' ? `"${kind}"` : JSON.stringify(kind) ?? String(kind);
      throw new AntidoteError(
        'invalid_input',
        `${where}: column "${name}" has unknown kind ${shown}; valid kinds: ${COLUMN_KINDS.join(', ')}`,
        { file, path: [name] },
      );
    }
    out[name] = kind;
  }
  return out;
}

/** 1-based line and column of a character offset in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Reads and validates a schema override from a JSON file. Malformed JSON is reported with its
 * line and column; a bad entry names its column (see {@link parseSchemaOverride}).
 *
 * @example
 * const schema = await loadSchemaOverride('schema.json');
 * const ds = await readDataset('data.csv', { schema });
 */
export async function loadSchemaOverride(path: string): Promise<SchemaOverride> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw fileError(e, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(detail);
    const at = pos ? lineAndColumn(text, Number(pos[1])) : undefined;
    throw new AntidoteError('invalid_input', `schema override ${path} is not valid JSON: ${detail}`, { file: path, ...at }, { cause: e });
  }
  return parseSchemaOverride(json, path);
}

/**
 * The override that makes a reader produce exactly `schema`'s kinds, e.g. to read a new batch the
 * way its reference was read.
 *
 * @example
 * const batch = await readDataset('batch.csv', { schema: overrideFromSchema(schemaOf(reference)) });
 */
export function overrideFromSchema(schema: Schema): SchemaOverride {
  const out: Record<string, ColumnKind> = {};
  for (const c of schema.columns) out[c.name] = c.kind;
  return out;
}
