import type { Progress } from '../core/progress.js';

/** Where the bar draws: a terminal-like stream. */
export interface BarStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

/**
 * A progress bar on stderr for work that runs longer than `delayMs` (so quick work prints
 * nothing): label, bar, percentage or count, elapsed time and an estimate of what is left.
 * Silent when the stream is not a terminal or when `quiet`.
 */
export class ProgressBar implements Progress {
  private label = '';
  private total = 0;
  private done = 0;
  private startedAt = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: BarStream,
    options: { quiet?: boolean; delayMs?: number; now?: () => number } = {},
  ) {
    this.enabled = !options.quiet && stream.isTTY === true;
    this.delayMs = options.delayMs ?? 700;
    this.now = options.now ?? (() => Date.now());
  }

  private readonly delayMs: number;
  private readonly now: () => number;

  start(label: string, total: number): void {
    if (this.drawn) this.clear();
    this.label = label;
    this.total = total;
    this.done = 0;
    this.startedAt = this.now();
    this.lastDraw = 0;
  }

  update(done: number): void {
    this.done = done;
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.startedAt < this.delayMs || t - this.lastDraw < 80) return;
    this.lastDraw = t;
    this.draw(t);
  }

  finish(): void {
    if (this.drawn) this.clear();
  }

  /** The line the bar would draw now (exposed for tests). */
  render(t: number): string {
    const width = Math.max(40, Math.min(100, this.stream.columns ?? 80));
    const elapsed = (t - this.startedAt) / 1000;
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const eta = frac > 0.01 && frac < 1 ? ` ~${formatSeconds((elapsed * (1 - frac)) / frac)} left` : '';
    const tail = this.total > 0 ? ` ${(100 * frac).toFixed(0).padStart(3)}% ${formatSeconds(elapsed)}${eta}` : ` ${this.done} ${formatSeconds(elapsed)}`;
    const label = this.label.length > 24 ? `${this.label.slice(0, 23)}…` : this.label;
    const barWidth = Math.max(10, width - label.length - tail.length - 4);
    const filled = this.total > 0 ? Math.round(frac * barWidth) : Math.floor(elapsed * 4) % barWidth;
    const bar = this.total > 0 ? '█'.repeat(filled) + '░'.repeat(barWidth - filled) : '░'.repeat(filled) + '█' + '░'.repeat(Math.max(0, barWidth - filled - 1));
    return `${label} ${bar}${tail}`;
  }

  private draw(t: number): void {
    this.stream.write(`\r\x1b[2K${this.render(t)}`);
    this.drawn = true;
  }

  private clear(): void {
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}
