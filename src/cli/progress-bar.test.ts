import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 80, write: (s: string) => (out.push(s), true) } };
}

describe('ProgressBar', () => {
  it('draws nothing when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [[false, false], [true, true]] as const) {
      const { out, stream } = sink(tty);
      let t = 0;
      const bar = new ProgressBar(stream, { quiet, delayMs: 0, now: () => t });
      bar.start('reading', 100);
      t = 2000;
      bar.update(50);
      bar.finish();
      expect(out).toEqual([]);
    }
  });

  it('stays silent for quick work and then draws label, percentage and time left', () => {
    const { out, stream } = sink(true);
    let t = 0;
    const bar = new ProgressBar(stream, { delayMs: 700, now: () => t });
    bar.start('reading batch.csv', 200);
    t = 300;
    bar.update(20);
    expect(out).toEqual([]);
    t = 1000;
    bar.update(50);
    expect(out.length).toBe(1);
    expect(out[0]).toMatch(/^\r\x1b\[2Kreading batch.csv .* 25% 1\.0s ~3\.0s left$/);
    bar.finish();
    expect(out[out.length - 1]).toBe('\r\x1b[2K');
  });

  it('fits the terminal width', () => {
    const { stream } = sink(true);
    const bar = new ProgressBar(stream, { now: () => 5000 });
    bar.start('a very long label that goes on and on', 10);
    expect(bar.render(5000).length).toBeLessThanOrEqual(80);
  });
});
