import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Scratch folders are named `antidote-scan-<pid>-XXXXXX`, so a later start can tell whose they are. */
const PREFIX = 'antidote-scan-';

/**
 * Where the scan's input files live for the few seconds a scan takes: the workflows read files by
 * path, so an uploaded batch and its baseline are written there (mode 0700 folder) and removed
 * right after. `/dev/shm` (memory) when the system has it, so no plaintext reaches a disk; the
 * system's temporary folder otherwise.
 */
export function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** The prefix of this process's scratch folders (tests look for their own leftovers with it). */
export function scratchPrefix(pid: number = process.pid): string {
  return `${PREFIX}${pid}-`;
}

/**
 * Runs `work` with a fresh private folder and removes it afterwards, whatever happens.
 *
 * @example
 * const report = await withScratchDir(async (dir) => { writeFileSync(join(dir, 'b.csv'), csv); return scanBatch(join(dir, 'b.csv')); });
 */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(scratchRoot(), scratchPrefix()));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Removes scratch folders left by server processes that no longer run (a server killed in the
 * middle of a scan cannot clean up; its folder holds plaintext of the upload). Called at start.
 * Returns the folders removed.
 */
export function sweepStaleScratchDirs(root: string = scratchRoot()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    const m = /^antidote-scan-(\d+)-/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
