import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AntidoteError } from '../core/errors.js';
import type { Command, CommandContext } from './command.js';
import { attackCommand } from './commands/attack-command.js';
import { baselineCommand } from './commands/baseline-command.js';
import { driftCommand } from './commands/drift-command.js';
import { evaluateCommand } from './commands/evaluate-command.js';
import { flCommand } from './commands/fl-command.js';
import { sanitizeCommand } from './commands/sanitize-command.js';
import { scanCommand } from './commands/scan-command.js';
import { serveCommand } from './commands/serve-command.js';
import { verifyCommand } from './commands/verify-command.js';
import { userCommand } from './commands/user-command.js';
import { tokenCommand } from './commands/token-command.js';
import { grantCommand } from './commands/grant-command.js';
import { pushCommand } from './commands/push-command.js';
import { reviewCommand } from './commands/review-command.js';
import { pullCommand } from './commands/pull-command.js';
import { UsageError } from './data-input-flags.js';
import { EXIT } from './exit-codes.js';
import { ProgressBar } from './progress-bar.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  scanCommand, baselineCommand, driftCommand, sanitizeCommand, attackCommand, flCommand, evaluateCommand,
  serveCommand, verifyCommand, userCommand, tokenCommand, grantCommand, pushCommand, reviewCommand, pullCommand,
];

/** Streams the CLI writes to (the process's, or buffers in tests). */
export interface CliIo {
  readonly stdout: { write(s: string): boolean };
  readonly stderr: { write(s: string): boolean; isTTY?: boolean; columns?: number };
}

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code:
 * 0 ok, 1 bad usage or input, 2 internal error, 3 a verdict other than accept.
 *
 * @example
 * process.exitCode = await main(['scan', 'batch.csv', '--baseline', 'baseline.json']);
 */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const cmd = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
    io.stdout.write(cmd ? commandHelp(cmd) : generalHelp());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`antidote: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}\nRun 'antidote --help' for usage.\n`);
    return EXIT.badInput;
  }
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(Object.entries(command.options).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }])),
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values['help']) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    const { min, max, names } = command.positionals;
    if (parsed.positionals.length < min) throw new UsageError(`missing ${names.slice(parsed.positionals.length, min).map((n) => `<${n}>`).join(' ')}`);
    if (parsed.positionals.length > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`);
    const json = values['json'] === true;
    const bar = new ProgressBar(io.stderr, { quiet: values['quiet'] === true });
    const ctx: CommandContext = {
      positionals: parsed.positionals,
      values,
      json,
      progress: bar,
      print: (line) => {
        if (!json) io.stdout.write(`${line}\n`);
      },
      printJson: (value) => {
        io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      },
      note: (line) => {
        io.stderr.write(`${line}\n`);
      },
    };
    try {
      return await command.run(ctx);
    } finally {
      bar.finish();
    }
  } catch (e) {
    return reportError(e, command, io);
  }
}

function reportError(e: unknown, command: Command, io: CliIo): number {
  if (e instanceof UsageError || isParseArgsError(e)) {
    io.stderr.write(`antidote ${command.name}: ${(e as Error).message}\nRun 'antidote ${command.name} --help' for usage.\n`);
    return EXIT.badInput;
  }
  if (e instanceof AntidoteError && e.code !== 'internal') {
    io.stderr.write(`antidote ${command.name}: ${e.describe()}\n`);
    return EXIT.badInput;
  }
  io.stderr.write(`antidote ${command.name}: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.internal;
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'antidote — protect machine-learning models from data poisoning',
    '',
    'Usage: antidote <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help, --json (the result as JSON on stdout) and --quiet (no progress bar).',
    'Exit codes: 0 ok, 1 bad usage or input, 2 internal error, 3 a scan or drift verdict other than accept.',
    '',
  ].join('\n');
}

/** The help text of one command. */
export function commandHelp(c: Command): string {
  const opts = Object.entries(c.options).map(([k, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${k}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(...opts.map(([l]) => l.length));
  return [
    `Usage: antidote ${c.name} ${c.usage}`,
    '',
    c.description,
    '',
    'Options:',
    ...opts.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`),
    '',
    'Examples:',
    ...c.examples.map((x) => `  ${x}`),
    '',
  ].join('\n');
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
