// End-to-end runs of `antidote attack` (the built CLI as a child process): every kind writes the
// poisoned data, poison-mask.csv and manifest.json; the same input and seed give byte-identical
// files; the mask holds round(rate x eligible) rows and only those rows differ from the input;
// bad flags exit 1 with a message naming the flag and the valid choices.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { requireBuiltCli, runCli, STACK_LINE, SYNTHETIC_HEADER, syntheticRows, tempDir, writeCsv, type CliRun } from './helpers.js';

const tmp = tempDir('attack');
beforeAll(() => requireBuiltCli());
afterAll(() => tmp.cleanup());

const table = join(tmp.dir, 'table.csv');
const images = join(tmp.dir, 'images.csv');
const tableRows = syntheticRows(createRng(11), 240);
writeCsv(table, SYNTHETIC_HEADER, tableRows);
// 6x6 grey images of 3 classes, pixel values 0..200.
const imageRows = ((): (string | number)[][] => {
  const rng = createRng(12);
  return Array.from({ length: 90 }, (_, i) => [...Array.from({ length: 36 }, () => rng.nextInt(201)), `c${i % 3}`]);
})();
writeCsv(images, [...Array.from({ length: 36 }, (_, j) => `p${j}`), 'label'], imageRows);
const representation = join(tmp.dir, 'w.npy');

/** Every kind with the flags it needs, and the rows it may poison in its input. */
const KINDS: readonly { kind: string; data: string; flags: string[]; eligible: number }[] = [
  { kind: 'label-flip', data: table, flags: [], eligible: 240 },
  { kind: 'targeted-flip', data: table, flags: ['--source', 'spam', '--target', 'ham'], eligible: tableRows.filter((r) => r[5] === 'spam').length },
  { kind: 'loss-flip', data: table, flags: [], eligible: 240 },
  { kind: 'backdoor-patch', data: images, flags: ['--image-shape', '6x6', '--patch', '2', '--target', 'c0'], eligible: 60 },
  { kind: 'blended', data: images, flags: ['--alpha', '0.3', '--target', 'c1'], eligible: 60 },
  { kind: 'text-trigger', data: table, flags: ['--text-column', 'comment', '--phrase', 'zz trigger', '--target', 'ham'], eligible: tableRows.filter((r) => r[5] !== 'ham').length },
  { kind: 'feature-trigger', data: table, flags: ['--columns', 'age,income', '--values', '99,12345', '--target', 'ham'], eligible: tableRows.filter((r) => r[5] !== 'ham').length },
  { kind: 'feature-collision', data: images, flags: ['--target', 'c1', '--target-row', '0', '--representation', representation, '--clip', '0,200'], eligible: 30 },
  { kind: 'label-consistent', data: images, flags: ['--target', 'c2', '--epsilon', '8', '--image-shape', '6x6', '--clip', '0,200'], eligible: 30 },
];

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Parses a small CSV written by writeCsv or the attack (no quoted newlines in these files). */
function csvLines(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l !== '');
}

function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(STACK_LINE);
}

describe('antidote attack', () => {
  beforeAll(() => {
    // W: 36 features x 4 dimensions, for the feature-collision representation.
    const rng = createRng(13);
    const values = Float32Array.from({ length: 36 * 4 }, () => rng.normal() * 0.1);
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (36, 4), }";
    header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
    const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
    pre.writeUInt16LE(header.length, 8);
    writeFileSync(representation, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]));
  });

  for (const { kind, data, flags, eligible } of KINDS) {
    it(`${kind}: byte-identical outputs for the same seed, round(rate x eligible) masked rows, only those changed`, async () => {
      const rate = 0.25;
      const outs = [join(tmp.dir, `${kind}-a`), join(tmp.dir, `${kind}-b`)];
      const runs = await Promise.all(outs.map((out) => runCli(['attack', kind, data, '--label', 'label', '--rate', String(rate), '--seed', '7', '--out', out, '--json', ...flags])));
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(0);
        expectNoStack(run);
      }
      for (const file of ['poisoned.csv', 'poison-mask.csv', 'manifest.json']) expect(sha(join(outs[1]!, file)), file).toBe(sha(join(outs[0]!, file)));

      const printed = JSON.parse(runs[0]!.stdout) as { manifest: { attack: string; eligible: number; poisoned: number; seed: number; input: { sha256: string } } };
      const manifest = JSON.parse(readFileSync(join(outs[0]!, 'manifest.json'), 'utf8')) as typeof printed.manifest;
      expect(printed.manifest).toEqual(manifest);
      expect(manifest.attack).toBe(kind);
      expect(manifest.seed).toBe(7);
      expect(manifest.input.sha256).toBe(`sha256:${sha(data)}`);
      expect(manifest.eligible).toBe(eligible);
      expect(manifest.poisoned).toBe(Math.round(rate * eligible));

      const mask = csvLines(join(outs[0]!, 'poison-mask.csv'));
      expect(mask[0]).toBe('row,poisoned');
      const flagged = mask.slice(1).map((l, i) => {
        const [row, bit] = l.split(',');
        expect(Number(row)).toBe(i);
        return bit === '1';
      });
      expect(flagged.filter(Boolean).length).toBe(manifest.poisoned);

      const input = csvLines(data);
      const output = csvLines(join(outs[0]!, 'poisoned.csv'));
      expect(output.length).toBe(input.length);
      expect(output[0]).toBe(input[0]);
      flagged.forEach((f, i) => {
        if (!f) expect(output[i + 1], `row ${i}`).toBe(input[i + 1]);
        else expect(output[i + 1], `row ${i}`).not.toBe(input[i + 1]);
      });
    });
  }

  it('a different seed poisons other rows', async () => {
    const runs = await Promise.all([1, 2].map((s) => runCli(['attack', 'label-flip', table, '--label', 'label', '--rate', '0.2', '--seed', String(s), '--out', join(tmp.dir, `seed-${s}`), '-q'])));
    runs.forEach((r) => expect(r.code, r.stderr).toBe(0));
    expect(runs[0]!.stdout).toMatch(/label-flip: poisoned 48 of 240 eligible rows/);
    expect(sha(join(tmp.dir, 'seed-1', 'poison-mask.csv'))).not.toBe(sha(join(tmp.dir, 'seed-2', 'poison-mask.csv')));
  });

  it('puts the trigger exactly in the masked rows (text trigger, feature trigger, patch)', () => {
    const byKind = (kind: string) => ({
      mask: csvLines(join(tmp.dir, `${kind}-a`, 'poison-mask.csv')).slice(1).map((l) => l.endsWith(',1')),
      rows: csvLines(join(tmp.dir, `${kind}-a`, 'poisoned.csv')).slice(1).map((l) => l.split(',')),
    });
    const text = byKind('text-trigger');
    text.rows.forEach((r, i) => {
      expect(r[4]!.includes('zz trigger')).toBe(text.mask[i]);
      if (text.mask[i]) expect(r[5]).toBe('ham');
    });
    const feature = byKind('feature-trigger');
    feature.rows.forEach((r, i) => expect(r[0] === '99' && r[1] === '12345').toBe(feature.mask[i]));
    const patch = byKind('backdoor-patch');
    // A 2x2 patch of the largest value (200) in the bottom-right corner of a 6x6 image.
    patch.rows.forEach((r, i) => {
      if (patch.mask[i]) {
        expect([r[28], r[29], r[34], r[35]]).toEqual(['200', '200', '200', '200']);
        expect(r[36]).toBe('c0');
      }
    });
  });

  it('refuses bad flags with exit 1, naming the flag and the valid choices', async () => {
    const out = join(tmp.dir, 'bad');
    const base = ['--label', 'label', '--rate', '0.1', '--out', out];
    const cases: [string[], RegExp][] = [
      [['attack', 'flip', table, ...base], /unknown attack kind "flip"; kinds: label-flip, targeted-flip, loss-flip, backdoor-patch, blended, text-trigger, feature-trigger, feature-collision, label-consistent/],
      [['attack', 'label-flip', table, '--label', 'label', '--out', out], /--rate R is required/],
      [['attack', 'label-flip', table, '--label', 'label', '--rate', '1.5', '--out', out], /--rate must be a number from 0 to 1, got "1.5"/],
      [['attack', 'label-flip', table, '--rate', '0.1', '--out', out], /--label is required/],
      [['attack', 'label-flip', table, '--label', 'label', '--rate', '0.1'], /--out is required/],
      [['attack', 'label-flip', table, ...base, '--label', 'nope'], /label column "nope" is not a column; columns: age, income, city, member, comment, label/],
      [['attack', 'targeted-flip', table, ...base, '--source', 'spam', '--target', 'eggs'], /target "eggs" is not a class of the label column "label"; classes: ham, spam/],
      [['attack', 'targeted-flip', table, ...base, '--target', 'ham'], /--source is required/],
      [['attack', 'label-flip', table, ...base, '--phrase', 'x'], /--phrase does not apply to label-flip/],
      [['attack', 'backdoor-patch', images, ...base, '--target', 'c0', '--image-shape', '5x5'], /5x5x1 has 25 values, but the rows have 36 features/],
      [['attack', 'backdoor-patch', images, ...base, '--target', 'c0', '--image-shape', '6x6', '--corner', 'middle'], /--corner must be one of bottom-right, bottom-left, top-right, top-left, got "middle"/],
      [['attack', 'backdoor-patch', images, ...base, '--target', 'c0', '--image-shape', 'six'], /--image-shape must be HxW or HxWxC/],
      [['attack', 'backdoor-patch', table, ...base, '--target', 'ham', '--image-shape', '6x6'], /holds "paris"|holds "lyon"|not a number/],
      [['attack', 'feature-trigger', table, ...base, '--target', 'ham', '--columns', 'age,income', '--values', '1'], /--columns names 2 columns but --values gives 1 value/],
      [['attack', 'feature-trigger', table, ...base, '--target', 'ham', '--columns', 'height', '--values', '1'], /trigger column "height" is not a column; columns: age/],
      [['attack', 'text-trigger', table, ...base, '--target', 'ham', '--text-column', 'comment'], /--phrase is required/],
      [['attack', 'label-consistent', images, ...base, '--target', 'c0', '--epsilon', '4'], /needs one trigger: --image-shape HxW .* or --columns A,B/],
      [['attack', 'label-consistent', images, ...base, '--target', 'c0', '--epsilon', '0', '--columns', 'p0', '--values', '1'], /--epsilon must be a number above 0, got "0"/],
      [['attack', 'feature-collision', images, ...base, '--target', 'c0', '--target-row', '0'], /target row 0 is already of class "c0"/],
      [['attack', 'feature-collision', images, ...base, '--target', 'c1', '--target-row', '900'], /target row 900 is not a data row; rows are numbered 0 to 89/],
      [['attack', 'label-flip', join(tmp.dir, 'missing.csv'), ...base], /no such file|not found|does not exist/i],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli([...args, '--json'])));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expectNoStack(run);
      expect(run.stdout).toBe('');
    });
  });

  it('documents every kind in its help', async () => {
    const help = await runCli(['attack', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: antidote attack <kind> <data> --label COL --rate R');
    for (const { kind } of KINDS) expect(help.stdout).toContain(`  ${kind} `);
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/^ {2}attack +simulate a poisoning attack/m);
  });
});
