import type { DataInputOptions } from '../workflows/read-inputs.js';
import { stringOption, type CommandContext } from './command.js';

/** The data-reading flags of a command as workflow options (`--delimiter '\t'` means a tab). */
export function dataInputFlags(ctx: CommandContext): DataInputOptions {
  const d = stringOption(ctx, 'delimiter');
  const schema = stringOption(ctx, 'schema');
  const embeddings = stringOption(ctx, 'embeddings');
  return {
    ...(d !== undefined ? { delimiter: d === '\\t' || d === 'tab' ? '\t' : d } : {}),
    ...(schema ? { schemaPath: schema } : {}),
    ...(embeddings ? { embeddingsPath: embeddings } : {}),
    progress: ctx.progress,
  };
}

/** Parses `--seed`: a whole number, default 0. */
export function seedFlag(ctx: CommandContext): number {
  const s = stringOption(ctx, 'seed');
  if (s === undefined) return 0;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${s}"`);
  return n;
}

/** A mistake in how the command was called: exit code 1 with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
