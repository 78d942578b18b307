/**
 * Runs a peer benchmark from `../shared/peers/` (scikit-learn / numpy / scipy under Debian's
 * /usr/bin/python3) in the same process tree as our own measurement, and collects its JSON lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the peer scripts live: $ANTIDOTE_PEERS, else ../shared/peers beside the checkout. */
export function peersDir(): string {
  const fromEnv = process.env['ANTIDOTE_PEERS'];
  if (fromEnv) return fromEnv;
  return resolve(here, '..', '..', '..', 'shared', 'peers');
}

/** One JSON record a peer script prints. */
export interface PeerRecord {
  readonly bench: string;
  readonly params: Record<string, unknown>;
  readonly runs_s: number[];
  readonly median_s: number;
  readonly [key: string]: unknown;
}

/**
 * Runs `script args...` with the peer interpreter and returns its records (throws with its stderr
 * on failure). `dir` is where the script lives (default {@link peersDir}; the project's own peers
 * are under bench/peers/).
 */
export function runPeer(script: string, args: readonly string[], dir: string = peersDir()): PeerRecord[] {
  const python = process.env['ANTIDOTE_PEER_PYTHON'] ?? '/usr/bin/python3';
  if (!existsSync(resolve(dir, script))) throw new Error(`peer script ${script} not found in ${dir} (set ANTIDOTE_PEERS)`);
  const r = spawnSync(python, [script, ...args, '--no-header'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    throw new Error(`peer ${script} failed (exit ${r.status}); install python3-numpy python3-scipy python3-sklearn from apt.\n${r.stderr}`);
  }
  return r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as PeerRecord);
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `fn` `repeat` times (after one warm-up) and returns the seconds of each run. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, repeat: number): Promise<number[]> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return runs;
}

/** Prints one JSON line for a comparison: ours, the peer's, and ratio = peer time / our time (above 1: we are faster). */
export function reportRatio(name: string, params: Record<string, unknown>, oursS: readonly number[], peer: PeerRecord, extra: Record<string, unknown> = {}): void {
  const ours = median(oursS);
  console.log(
    JSON.stringify({ bench: name, params, antidote_median_s: round(ours), peer: peer.bench, peer_median_s: round(peer.median_s), speedup_vs_peer: round(peer.median_s / ours), ...extra }),
  );
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
