import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { runAttack } from './run-attack.js';

const dir = mkdtempSync(join(tmpdir(), 'antidote-run-attack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runAttack', () => {
  it('keeps the delimiter, line endings and quoting of untouched rows, and quotes what it writes when needed', async () => {
    const path = join(dir, 'mail.tsv');
    const rows = ['id\ttext\tlabel', ...Array.from({ length: 20 }, (_, i) => `${i}\t"say ""hi""\tthere ${i}"\t${i % 2 ? 'spam' : 'ham'}`)];
    writeFileSync(path, `${rows.join('\r\n')}\r\n`);
    const r = await runAttack(path, { attack: { kind: 'text-trigger', target: 'ham', textColumn: 'text', phrase: 'a\tb' }, label: 'label', rate: 0.5, seed: 3, outDir: join(dir, 'out') });
    expect(r.files.data.endsWith('poisoned.tsv')).toBe(true);
    const out = readFileSync(r.files.data, 'utf8');
    expect(out.endsWith('\r\n')).toBe(true);
    const lines = out.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe(rows[0]);
    expect(r.manifest.poisoned).toBe(5);
    const mask = readFileSync(r.files.mask, 'utf8').trim().split('\n').slice(1).map((l) => l.endsWith(',1'));
    mask.forEach((m, i) => {
      if (!m) expect(lines[i + 1]).toBe(rows[i + 1]);
      else {
        // The phrase holds a tab, the delimiter: the cell is quoted, its inner quotes doubled.
        expect(lines[i + 1]).toMatch(/^\d+\t".*a\tb.*"\tham$/);
        expect(lines[i + 1]).toContain('""hi""');
      }
    });
  });

  it('refuses a format it cannot write back', async () => {
    const path = join(dir, 'rows.jsonl');
    writeFileSync(path, '{"x":1,"label":"a"}\n{"x":2,"label":"b"}\n');
    const e = await runAttack(path, { attack: { kind: 'label-flip' }, label: 'label', rate: 0.5, seed: 0, outDir: join(dir, 'o2') }).catch((x: unknown) => x);
    expect(isAntidoteError(e, 'unsupported')).toBe(true);
    expect((e as Error).message).toMatch(/reads and writes CSV or TSV files; .* is jsonl/);
  });
});
