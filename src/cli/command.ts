import type { Progress } from '../core/progress.js';

/** One option of a command, as `node:util` parseArgs takes it, plus its help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly help: string;
  /** Placeholder in the help (`--out DIR`). */
  readonly value?: string;
  readonly multiple?: boolean;
}

/** What a command gets to run with. */
export interface CommandContext {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly json: boolean;
  readonly progress: Progress;
  /** Human output (stdout; nothing when --json). */
  readonly print: (line: string) => void;
  /** Machine output (stdout, only with --json). */
  readonly printJson: (value: unknown) => void;
  /** Notes for people (stderr). */
  readonly note: (line: string) => void;
}

/** A CLI command: its name, help and run function returning the exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage line after `antidote NAME`, e.g. `<batch> --baseline FILE`. */
  readonly usage: string;
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments it takes. */
  readonly positionals: { readonly min: number; readonly max: number; readonly names: readonly string[] };
  readonly examples: readonly string[];
  run(ctx: CommandContext): Promise<number>;
}

/** Options every command has. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', help: 'print the result as JSON on stdout (and nothing else there)' },
  quiet: { type: 'boolean', short: 'q', help: 'no progress bar' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** Options of commands that read a data file. */
export const DATA_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  delimiter: { type: 'string', value: 'CHAR', help: 'CSV field delimiter (default: ","; "\\t" for tab)' },
  schema: { type: 'string', value: 'FILE', help: 'JSON file mapping column names to kinds (numeric, categorical, boolean, text, timestamp, embedding)' },
  embeddings: { type: 'string', value: 'FILE', help: '.npy file with one vector per row, added as the column "embedding"' },
  'onnx-model': { type: 'string', value: 'FILE', help: 'ONNX model run on the numeric columns (label left out) to compute the column "embedding"; needs --onnx-output' },
  'onnx-output': { type: 'string', value: 'NAME', help: 'the model output to take as the embedding (e.g. a hidden layer exposed as a graph output)' },
};

/** Reads a string option. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}
