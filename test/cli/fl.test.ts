// End-to-end runs of `antidote fl simulate` (the built CLI as a child process) on a few hundred
// Fashion-MNIST images: the result file and HTML report are written, --json prints the final
// accuracy per rule and agrees with the file, a seed reproduces the run, progress goes to
// stderr one line per round, and bad flags fail fast with exit 1 and a message naming the rule.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, fashionMnistFiles } from '../../src/data/fashion-mnist.js';
import { requireBuiltCli, runCli, STACK_LINE, tempDir } from './helpers.js';

const tmp = tempDir('fl');
beforeAll(() => requireBuiltCli());
afterAll(() => tmp.cleanup());

const installed = existsSync(join(FASHION_MNIST_DIR, fashionMnistFiles('train').images));
const SMALL = ['--clients', '6', '--byzantine', '1', '--rounds', '3', '--limit', '400', '--test-limit', '200', '--seed', '5'];

interface ResultFile {
  readonly format: string;
  readonly runs: readonly { aggregator: string; finalAccuracy: number; finalAttackSuccess: number | null; rounds: readonly { round: number; accuracy: number }[] }[];
}

const read = (dir: string): ResultFile => JSON.parse(readFileSync(join(dir, 'fl-result.json'), 'utf8')) as ResultFile;

describe.skipIf(!installed)('antidote fl simulate', () => {
  it('writes fl-result.json and fl-report.html with one line per rule; progress per round on stderr', async () => {
    const out = join(tmp.dir, 'scaling');
    const run = await runCli(['fl', 'simulate', ...SMALL, '--attack', 'scaling', '--aggregators', 'fedavg,median,norm-clipping', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr.match(/^fl: \S+ round \d\/3: accuracy [\d.]+%, attack success [\d.]+%$/gm)).toHaveLength(9);
    expect(run.stdout).toMatch(/fed-avg\s+[\d.]+%\s+[\d.]+%/);
    const result = read(out);
    expect(result.format).toBe('antidote-fl-simulation');
    expect(result.runs.map((r) => r.aggregator)).toEqual(['fed-avg', 'coordinate-median', 'norm-clipping']);
    for (const r of result.runs) expect(r.rounds.map((m) => m.round)).toEqual([1, 2, 3]);
    const html = readFileSync(join(out, 'fl-report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2); // accuracy and attack success
    for (const name of ['fed-avg', 'coordinate-median', 'norm-clipping']) expect(html.match(new RegExp(`data-series="${name}"`, 'g'))).toHaveLength(2);
    expect(html).not.toMatch(/<script src|<link /);
  });

  it('--json prints the final accuracy per rule, equal to the file; the same seed gives the same rounds', async () => {
    const a = join(tmp.dir, 'json-a');
    const b = join(tmp.dir, 'json-b');
    const args = ['fl', 'simulate', ...SMALL, '--attack', 'sign-flip', '--aggregators', 'fedavg,trimmed-mean', '--json', '--quiet'];
    const first = await runCli([...args, '--out', a]);
    const second = await runCli([...args, '--out', b]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const printed = JSON.parse(first.stdout) as { attack: string; finalAccuracy: Record<string, number>; finalAttackSuccess: null };
    expect(printed.attack).toBe('sign-flip');
    expect(printed.finalAttackSuccess).toBeNull();
    const result = read(a);
    expect(printed.finalAccuracy).toEqual(Object.fromEntries(result.runs.map((r) => [r.aggregator, r.finalAccuracy])));
    expect(read(b).runs.map((r) => r.rounds)).toEqual(result.runs.map((r) => r.rounds));
  });
});

describe('antidote fl simulate: bad flags', () => {
  const bad = async (flags: string[], message: RegExp) => {
    const out = join(tmp.dir, `bad-${flags.join('-').replace(/[^a-z0-9-]/gi, '')}`);
    const run = await runCli(['fl', 'simulate', ...flags, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(join(out, 'fl-result.json'))).toBe(false);
  };

  it('names the rule and its precondition when the round is too small (Bulyan needs n >= 4f + 3)', async () => {
    await bad(['--clients', '10', '--byzantine', '3', '--aggregators', 'median,bulyan'], /aggregator "bulyan" cannot tolerate f = 3 Byzantine clients with n = 10 clients per round: it needs n >= 4f \+ 3 = 15/);
    await bad(['--clients', '6', '--byzantine', '2', '--aggregators', 'krum'], /"krum" .* needs n >= 2f \+ 3 = 7/);
  });

  it('lists the valid choices for an unknown attack, rule, split or action', async () => {
    await bad(['--attack', 'flip'], /unknown --attack "flip"; attacks: none, sign-flip, scaling, noise, alie, ipm, label-flip/);
    await bad(['--aggregators', 'fedavg,medain'], /unknown aggregator "medain"; available: fed-avg, coordinate-median/);
    await bad(['--split', 'noniid'], /unknown --split "noniid"; splits: iid, dirichlet/);
    const run = await runCli(['fl', 'train', '--out', tmp.dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown fl action "train"; actions: simulate/);
  });

  it('refuses impossible counts and flags that do not apply', async () => {
    await bad(['--clients', '5', '--byzantine', '5'], /--byzantine 5 must be smaller than --clients 5/);
    await bad(['--rounds', '0'], /--rounds must be a whole number of at least 1, got "0"/);
    await bad(['--alpha', '0.5'], /--alpha applies to --split dirichlet only/);
    await bad(['--split', 'dirichlet', '--alpha', '0'], /--alpha must be a number above 0, got "0"/);
    await bad(['--attack', 'sign-flip', '--target', '3'], /--target applies to --attack scaling only/);
    const run = await runCli(['fl', 'simulate', '--clients', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--out DIR is required/);
  });
});
