import type { DataInputOptions } from '../workflows/read-inputs.js';
import { stringOption, type CommandContext } from './command.js';

/** The data-reading flags of a command as workflow options (`--delimiter '\t'` means a tab). */
export function dataInputFlags(ctx: CommandContext): DataInputOptions {
  const d = stringOption(ctx, 'delimiter');
  const schema = stringOption(ctx, 'schema');
  const embeddings = stringOption(ctx, 'embeddings');
  const onnxModel = stringOption(ctx, 'onnx-model');
  const onnxOutput = stringOption(ctx, 'onnx-output');
  if (onnxModel !== undefined && onnxOutput === undefined) throw new UsageError('--onnx-model needs --onnx-output NAME (the model output to take as the embedding)');
  if (onnxOutput !== undefined && onnxModel === undefined) throw new UsageError('--onnx-output needs --onnx-model FILE');
  if (onnxModel !== undefined && embeddings !== undefined) throw new UsageError('give either --embeddings or --onnx-model, not both');
  return {
    ...(d !== undefined ? { delimiter: d === '\\t' || d === 'tab' ? '\t' : d } : {}),
    ...(schema ? { schemaPath: schema } : {}),
    ...(embeddings ? { embeddingsPath: embeddings } : {}),
    ...(onnxModel !== undefined ? { onnxModel } : {}),
    ...(onnxOutput !== undefined ? { onnxOutput } : {}),
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
