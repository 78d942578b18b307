/**
 * The part every table reader shares: buffer the first rows, infer the schema from them (or take
 * the override), then stream every row into column builders, turning a cell that does not fit
 * into an error that names the file, line, column and value.
 */
import type { Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { ColumnSchema, Schema } from '../core/schema.js';
import { createColumnBuilder, type CellProblem, type ColumnBuilder } from './column-builder.js';
import { DEFAULT_INFERENCE_ROWS, inferColumnSchema } from './schema-inference.js';
import type { SchemaOverride } from './schema-override.js';

/** How a {@link TableAssembler} is set up. */
export interface TableAssemblerOptions {
  /** Kinds asserted by the user; every name must be one of the table's columns. */
  readonly override?: SchemaOverride;
  /**
   * Expected kinds (e.g. a baseline's schema) for the columns the table has; names it lacks are
   * ignored, so that the caller can report a missing column in its own terms. The override wins.
   */
  readonly hints?: SchemaOverride;
  /** Kinds the file format itself declares (Parquet), by column position; undefined entries are inferred. */
  readonly declared?: readonly (ColumnSchema | undefined)[];
  readonly allowNonFinite?: boolean;
  readonly inferenceRows?: number;
  /** What a location counts: `line` for text files, `row` for Parquet. */
  readonly rowNoun?: 'line' | 'row';
}

type KindSource = 'override' | 'hint' | 'declared' | 'inferred';

/**
 * Builds a {@link Dataset} from rows of raw cells.
 *
 * @example
 * const t = new TableAssembler('data.csv', ['id', 'ok']);
 * t.addRow(['1', 'yes'], 2);
 * t.finish(); // 1 row: id numeric, ok boolean
 */
export class TableAssembler {
  private readonly inferenceRows: number;
  private readonly rowNoun: 'line' | 'row';
  private buffered: { values: readonly unknown[]; line: number }[] | undefined = [];
  private builders: ColumnBuilder[] = [];
  private sources: KindSource[] = [];
  private fixedSchema: Schema | undefined;
  private sampleSize = 0;
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly names: readonly string[],
    private readonly options: TableAssemblerOptions = {},
  ) {
    this.inferenceRows = Math.max(1, options.inferenceRows ?? DEFAULT_INFERENCE_ROWS);
    this.rowNoun = options.rowNoun ?? 'line';
    const known = new Set(names);
    for (const name of Object.keys(options.override ?? {})) {
      if (!known.has(name)) {
        throw new AntidoteError(
          'invalid_input',
          `the schema override names column "${name}", which ${file} does not have; its columns are: ${names.join(', ')}`,
          { file, column: name },
        );
      }
    }
  }

  /** The schema, once fixed (after `inferenceRows` rows or at `finish`). */
  get schema(): Schema | undefined {
    return this.fixedSchema;
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Adds one row (one raw cell per column, in column order); `line` locates it in errors. */
  addRow(values: readonly unknown[], line: number): void {
    this.rows++;
    if (this.buffered) {
      this.buffered.push({ values, line });
      if (this.buffered.length >= this.inferenceRows) this.fixSchema();
      return;
    }
    this.append(values, line);
  }

  /** The finished data set. */
  finish(): Dataset {
    if (this.buffered) this.fixSchema();
    const columns = this.builders.map((b) => b.build());
    return { rowCount: this.rows, columns };
  }

  private fixSchema(): void {
    const rows = this.buffered ?? [];
    this.buffered = undefined;
    this.sampleSize = rows.length;
    const override = this.options.override ?? {};
    const columns = this.names.map((name, j): ColumnSchema => {
      const declared = this.options.declared?.[j];
      const sample = (): unknown[] => rows.map((r) => r.values[j]);
      const hinted = Object.hasOwn(this.options.hints ?? {}, name) ? this.options.hints![name] : undefined;
      const asserted = Object.hasOwn(override, name) ? override[name] : hinted;
      if (asserted !== undefined) {
        this.sources[j] = Object.hasOwn(override, name) ? 'override' : 'hint';
        if (asserted === 'embedding') {
          const inferred = declared ?? inferColumnSchema(name, sample());
          return inferred.kind === 'embedding' && inferred.dim !== undefined ? { name, kind: asserted, dim: inferred.dim } : { name, kind: asserted };
        }
        return { name, kind: asserted };
      }
      if (declared) {
        this.sources[j] = 'declared';
        return declared;
      }
      this.sources[j] = 'inferred';
      return inferColumnSchema(name, sample());
    });
    this.fixedSchema = { columns };
    const allowNonFinite = this.options.allowNonFinite ?? false;
    this.builders = columns.map((c) => createColumnBuilder(c, { allowNonFinite }));
    for (const r of rows) this.append(r.values, r.line);
  }

  private append(values: readonly unknown[], line: number): void {
    const builders = this.builders;
    for (let j = 0; j < builders.length; j++) {
      const problem = builders[j]!.push(values[j]);
      if (problem) throw this.cellError(problem, j, line);
    }
  }

  private cellError(problem: CellProblem, j: number, line: number): AntidoteError {
    const name = this.names[j]!;
    const kind = this.builders[j]!.kind;
    const origin =
      this.sources[j] === 'override'
        ? `declared ${kind} by the schema override`
        : this.sources[j] === 'hint'
          ? `expected to be ${kind} (the baseline's schema)`
          : this.sources[j] === 'declared'
          ? `stored as ${kind} in the file`
          : `inferred as ${kind} from the first ${this.sampleSize} rows`;
    let hint: string;
    switch (problem.kind) {
      case 'mismatch':
        hint = `the column was ${origin}. Fix the value, or override the column's kind with a schema file such as {"${name}": "${kind === 'categorical' ? 'text' : 'categorical'}"}`;
        break;
      case 'non_finite':
        hint = 'fix the value, or allow NaN and Infinity explicitly (allowNonFinite)';
        break;
      case 'shape':
        hint = 'every embedding in a column must have the same length';
        break;
    }
    const where = `${this.rowNoun} ${line}, column "${name}"`;
    return new AntidoteError('invalid_input', `${where}: ${problem.reason}; ${hint}`, { file: this.file, line, column: name });
  }
}
