// Shared pieces of the end-to-end CLI tests: run the built `antidote` as a child process, make
// temporary folders, write seeded synthetic tables and small .npy files.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rng } from '../../src/core/rng.js';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The launcher that `npx antidote` runs. */
export const BIN = join(ROOT, 'bin', 'antidote.js');
/** The shipped example. */
export const EXAMPLE = {
  verified: join(ROOT, 'examples', 'breast-cancer', 'verified.csv'),
  batch: join(ROOT, 'examples', 'breast-cancer', 'batch.csv'),
  label: 'diagnosis',
} as const;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Fails with a clear message unless `dist/` holds a build of the CLI (`npm test` builds first;
 * when running vitest directly, run `npm run build` before). Warns when src/ is newer than dist/.
 */
export function requireBuiltCli(): void {
  const entry = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`the CLI is not built: ${entry} is missing. Run \`npm run build\` (or \`npm test\`, which builds first) before these tests.`);
  }
  const built = statSync(entry).mtimeMs;
  const newest = newestMtimeMs(join(ROOT, 'src'));
  if (newest > built + 1000) {
    process.stderr.write(`warning: src/ is newer than dist/ (${new Date(newest).toISOString()} > ${new Date(built).toISOString()}); the CLI tests run the old build. Run \`npm run build\`.\n`);
  }
}

/** What one run of the CLI did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/antidote.js ...args` in `cwd` with stdout and stderr as pipes (not terminals). */
export function runCli(args: readonly string[], options: { cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`antidote ${args.join(' ')} did not exit normally (${error.message}); stderr:\n${stderr}`));
          return;
        }
        resolvePromise({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** A line of a stack trace as node prints it (`    at fn (file:1:2)`). */
export const STACK_LINE = /^\s+at .+/m;
/** Carriage returns and ANSI escape sequences: what a progress bar or colours would leave. */
export const TERMINAL_CONTROL = /[\r\x1b]/;

/** A fresh temporary folder and the function that removes it. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `antidote-cli-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A CSV field, quoted when it needs to be (RFC 4180). */
function csvField(v: string | number | boolean): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes rows as CSV with a header. */
export function writeCsv(path: string, header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): void {
  const lines = [header.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))];
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Writes a little-endian float32 C-order `.npy` file (format 1.0) of `rows` x `cols`. */
export function writeNpy(path: string, rows: number, cols: number, values: Float32Array): void {
  if (values.length !== rows * cols) throw new Error(`writeNpy: ${values.length} values for ${rows}x${cols}`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(pre);
  pre.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]));
}

/** The columns of {@link syntheticRows}, one of each kind Antidote infers, plus the label. */
export const SYNTHETIC_HEADER = ['age', 'income', 'city', 'member', 'comment', 'label'] as const;

const CITIES = ['paris', 'lyon', 'lille', 'nantes', 'nice'] as const;
const CITY_WEIGHTS = [0.4, 0.25, 0.15, 0.12, 0.08] as const;
const WORDS = ['good', 'bad', 'fast', 'slow', 'price', 'delivery', 'quality', 'service', 'great', 'poor', 'would', 'buy', 'again', 'never', 'ok', 'item'] as const;

function pick<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let u = rng.next();
  for (let i = 0; i < items.length; i++) {
    u -= weights[i]!;
    if (u < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/**
 * `n` rows of a seeded synthetic table: `age` and `income` numeric (income correlated with age),
 * `city` categorical, `member` boolean, `comment` free text of 3 to 12 words, `label` spam/ham.
 * `shift` adds that many standard deviations (sd 10) to `age` alone.
 */
export function syntheticRows(rng: Rng, n: number, options: { ageShiftSd?: number } = {}): (string | number | boolean)[][] {
  const rows: (string | number | boolean)[][] = [];
  const shift = (options.ageShiftSd ?? 0) * 10;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    const age = 40 + 10 * z;
    const income = 30000 + 800 * 10 * z * 0.6 + 8000 * 0.8 * rng.normal();
    const city = pick(rng, CITIES, CITY_WEIGHTS);
    const member = rng.next() < 0.3;
    const words = 3 + rng.nextInt(10);
    const comment = Array.from({ length: words }, () => WORDS[rng.nextInt(WORDS.length)]!).join(' ');
    const label = rng.next() < 0.35 ? 'spam' : 'ham';
    rows.push([(age + shift).toFixed(2), income.toFixed(0), city, member, comment, label]);
  }
  return rows;
}
