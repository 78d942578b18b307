import { describe, expect, it } from 'vitest';
import { DEFAULT_FL_SIMULATION } from '../federated/simulation/fl-simulation-config.js';
import type { FlResultFile } from '../workflows/fl-simulate.js';
import { lineChartSvg } from './fl-report-html-charts.js';
import { renderFlReportHtml } from './fl-report-html.js';

const round = (r: number, accuracy: number, attackSuccess: number | null) => ({
  round: r, accuracy, attackSuccess, byzantineInRound: 1, byzantineRelativeDistance: 3, honestRelativeDistance: 1, skipped: false,
});

function result(targeted: boolean): FlResultFile {
  const s = targeted ? 0.5 : null;
  return {
    format: 'antidote-fl-simulation',
    version: 1,
    data: { source: 'fashion-mnist', trainLimit: 500, testLimit: 100 },
    config: { ...DEFAULT_FL_SIMULATION, clients: 5, byzantine: 1, clientsPerRound: 5, rounds: 2 },
    model: { kind: 'softmax-regression', sizes: [784, 10], parameters: 7850 },
    attack: { name: targeted ? 'scaling' : 'sign-flip', citation: 'Someone <et al.> 2020', targeted },
    byzantineClients: [3],
    shardSizes: [80, 80, 80, 80, 80],
    rootExamples: 100,
    trainRows: 500,
    testRows: 100,
    initial: { accuracy: 0.1, attackSuccess: s },
    runs: [
      { aggregator: 'fed-avg', citation: 'McMahan', rounds: [round(1, 0.3, s), round(2, 0.4, s)], finalAccuracy: 0.4, finalAttackSuccess: s, seconds: 1 },
      { aggregator: 'coordinate-median', citation: 'Yin', rounds: [round(1, 0.5, s), round(2, 0.7, s)], finalAccuracy: 0.7, finalAttackSuccess: s, seconds: 1 },
    ],
  };
}

describe('renderFlReportHtml', () => {
  it('draws accuracy per round with one line per rule (round 0 = initial), highlights the best rule, escapes text', () => {
    const html = renderFlReportHtml(result(false));
    expect(html.match(/<svg /g)).toHaveLength(1); // no attack-success chart for an untargeted attack
    const median = html.match(/<g data-series="coordinate-median"><path d="([^"]+)"/)![1]!;
    expect(median.split(' L')).toHaveLength(3); // initial + 2 rounds
    expect(html).toMatch(/<tr class="best"><td><b>coordinate-median<\/b>/);
    expect(html).toContain('Someone &lt;et al.&gt; 2020');
    expect(html).not.toContain('<et al.>');
  });

  it('adds the attack-success chart for a targeted attack', () => {
    const html = renderFlReportHtml(result(true));
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('classified as the backdoor target');
  });
});

describe('lineChartSvg', () => {
  it('places shares on a 0–100% axis and leaves gaps for missing values', () => {
    const svg = lineChartSvg([{ name: 'a', values: [0, 1, null] }], 'T', 'round');
    const path = svg.match(/<path d="([^"]+)"/)![1]!;
    const [p0, p1] = path.replace('M', '').split(' L').map((pt) => pt.split(',').map(Number));
    expect(p0![1]).toBeGreaterThan(p1![1]!); // 0% is lower on the page than 100%
    expect(path.split(' L')).toHaveLength(2);
    expect(lineChartSvg([], 'T', 'round')).toBe('');
  });
});
