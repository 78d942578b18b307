import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the scan's input files live for the few seconds a scan takes: the workflows read files by
 * path, so an uploaded batch and its baseline are written there (mode 0700 folder) and removed
 * right after. `/dev/shm` (memory) when the system has it, so no plaintext reaches a disk; the
 * system's temporary folder otherwise.
 */
export function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/**
 * Runs `work` with a fresh private folder and removes it afterwards, whatever happens.
 *
 * @example
 * const report = await withScratchDir(async (dir) => { writeFileSync(join(dir, 'b.csv'), csv); return scanBatch(join(dir, 'b.csv')); });
 */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(scratchRoot(), 'antidote-scan-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
