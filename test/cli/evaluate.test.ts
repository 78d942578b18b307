// `antidote evaluate` end to end on a tiny synthetic CSV, through the CLI's main() in-process:
// the grid's cells, summary with intervals, report, partial results after each cell and --resume,
// and clear errors for bad flags.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createRng } from '../../src/core/rng.js';
import { STACK_LINE, tempDir, writeCsv } from './helpers.js';

const tmp = tempDir('evaluate');
afterAll(() => tmp.cleanup());

// 160 rows, 4 numeric features, two classes whose means differ in the first two features.
const data = join(tmp.dir, 'data.csv');
{
  const rng = createRng(21);
  const rows = Array.from({ length: 160 }, (_, i) => {
    const c = i % 2;
    return [...[0, 1, 2, 3].map((j) => (rng.normal() + (j < 2 ? (c ? 1.5 : -1.5) : 0)).toFixed(3)), c ? 'yes' : 'no'];
  });
  writeCsv(data, ['a', 'b', 'c', 'd', 'y'], rows);
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s) => ((stdout += s), true) }, stderr: { write: (s) => ((stderr += s), true) } });
  return { code, stdout, stderr };
}

const GRID = ['evaluate', '--dataset', data, '--label', 'y', '--attacks', 'label-flip,feature-trigger', '--rates', '0,0.2', '--defences', 'none,trimmed-loss,dpa,detector:knn-label+sanitize', '--seeds', '2', '--epochs', '150', '--hidden', '8', '--dpa-partitions', '3'];

interface Result {
  complete: boolean;
  cells: { attack: string; rate: number; defence: string; seed: number; cleanAccuracy: number; attackSuccess: number | null; detectionRecall: number | null; poisoned: number }[];
  summary: { seeds: number; defence: string; cleanAccuracy: { mean: number; low: number; high: number; n: number } }[];
}

describe('antidote evaluate', () => {
  const out = join(tmp.dir, 'lab');
  let first: Result;

  it('runs the grid and writes the cells, the summary with intervals and the report', async () => {
    const r = await run([...GRID, '--out', out, '--json']);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { summary: unknown[]; files: { report: string } };
    expect(printed.summary).toHaveLength(2 * 2 * 4);
    first = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8')) as Result;
    expect(first.complete).toBe(true);
    expect(first.cells).toHaveLength(2 * 2 * 4 * 2);
    expect(readFileSync(join(out, 'cells.jsonl'), 'utf8').trim().split('\n')).toHaveLength(32);
    for (const s of first.summary) {
      expect(s.seeds).toBe(2);
      expect(s.cleanAccuracy.low).toBeLessThanOrEqual(s.cleanAccuracy.mean);
      expect(s.cleanAccuracy.high).toBeGreaterThanOrEqual(s.cleanAccuracy.mean);
    }
    // 20% of 112 training rows flipped; a rate of 0 poisons nothing.
    const flip = first.cells.filter((c) => c.attack === 'label-flip');
    expect(new Set(flip.filter((c) => c.rate === 0.2).map((c) => c.poisoned))).toEqual(new Set([22]));
    expect(flip.filter((c) => c.rate === 0).every((c) => c.poisoned === 0)).toBe(true);
    expect(flip.every((c) => c.attackSuccess === null)).toBe(true);
    expect(first.cells.filter((c) => c.attack === 'feature-trigger').every((c) => c.attackSuccess !== null)).toBe(true);
    expect(first.cells.filter((c) => c.defence.startsWith('detector:') && c.rate === 0.2).every((c) => c.detectionRecall !== null)).toBe(true);
    // The data are easy: the clean model is accurate.
    expect(first.cells.find((c) => c.rate === 0 && c.defence === 'none')!.cleanAccuracy).toBeGreaterThan(0.8);
    const html = readFileSync(printed.files.report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('data-series="trimmed-loss"');
  }, 120_000);

  it('refuses to overwrite an earlier run, and --resume runs only the missing cells with the same results', async () => {
    const again = await run([...GRID, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds an evaluation.*--resume/);
    // As if killed: 10 finished cells and a line cut short.
    const lines = readFileSync(join(out, 'cells.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(out, 'cells.jsonl'), `${lines.slice(0, 10).join('\n')}\n${lines[10]!.slice(0, 30)}`);
    const resumed = await run([...GRID, '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.match(/already done/g)).toHaveLength(10);
    const second = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8')) as Result;
    expect(second.cells).toHaveLength(32);
    const strip = (c: Result['cells'][number]) => ({ ...c, seconds: 0 });
    const key = (c: Result['cells'][number]) => `${c.attack}|${c.rate}|${c.defence}|${c.seed}`;
    const byKey = new Map(first.cells.map((c) => [key(c), strip(c)]));
    for (const c of second.cells) expect(strip(c)).toEqual(byKey.get(key(c)));
    const changed = await run([...GRID.map((a) => (a === '150' ? '151' : a)), '--out', out, '--resume']);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/cannot resume.*maxEpochs/);
  }, 120_000);

  it.each([
    [['--attacks', 'label-flop'], /--attacks: unknown attack "label-flop"; choose from label-flip/],
    [['--rates', '0.1,2'], /--rates: "2" is not a rate/],
    [['--defences', 'none,magic'], /--defences: unknown defence "magic"/],
    [['--defences', 'detector:nope+sanitize'], /unknown detector "nope"; available:/],
    [['--seeds', '0'], /--seeds must be a whole number from 1/],
  ])('rejects %j with a clear message', async (flags, message) => {
    const args = [...GRID, '--out', join(tmp.dir, 'bad')];
    for (let k = 0; k < flags.length; k += 2) args[args.indexOf(flags[k]!) + 1] = flags[k + 1]!;
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('asks for --label with a CSV and --out always', async () => {
    const noLabel = await run(['evaluate', '--dataset', data, '--attacks', 'label-flip', '--rates', '0.1', '--out', join(tmp.dir, 'x')]);
    expect(noLabel.code).toBe(1);
    expect(noLabel.stderr).toMatch(/--label COL is required/);
    const noOut = await run(['evaluate', '--dataset', data, '--label', 'y', '--attacks', 'label-flip', '--rates', '0.1']);
    expect(noOut.stderr).toMatch(/--out is required/);
    expect(noOut.code).toBe(1);
  });
});
