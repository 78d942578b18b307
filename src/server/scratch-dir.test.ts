import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchPrefix, sweepStaleScratchDirs, withScratchDir } from './scratch-dir.js';

describe('scratch folders', () => {
  it('are named after the process and removed after the work, even when it throws', async () => {
    let seen = '';
    await expect(withScratchDir(async (dir) => {
      seen = dir;
      expect(dir).toContain(scratchPrefix());
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(existsSync(seen)).toBe(false);
  });

  it('left by a dead process are swept at start; a live process keeps its own', () => {
    const root = mkdtempSync(join(tmpdir(), 'antidote-scratch-root-'));
    try {
      // A pid far above any real one (Linux caps pids at 2^22).
      const dead = join(root, `${scratchPrefix(4_999_999)}abc`);
      const mine = join(root, `${scratchPrefix()}def`);
      for (const d of [dead, mine]) {
        mkdirSync(d);
        writeFileSync(join(d, 'batch.csv'), 'secret');
      }
      expect(sweepStaleScratchDirs(root)).toEqual([`${scratchPrefix(4_999_999)}abc`]);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(mine)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
