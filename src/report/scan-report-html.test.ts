import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../core/scan-report.js';
import { renderScanReportHtml } from './scan-report-html.js';

function report(overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    format: 'antidote-scan-report',
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    verdict: 'quarantine',
    summary: { rows: 3, columns: 2, driftedTests: 1, driftedColumns: ['<img src=x>'], flaggedRows: 0, schemaErrors: 0, schemaWarnings: 0, reasons: ['1 of 2 columns drifted'] },
    input: { file: 'batch.csv', sha256: 'sha256:ab', label: null },
    baseline: { file: 'baseline.json', contentHash: 'sha256:cd' },
    schema: [],
    drift: [
      { column: '<img src=x>', test: 'ks', statistic: 0.5, pValue: 0.001, adjustedPValue: 0.002, effectSize: 0.5, drifted: true, threshold: { alpha: 0.05, minEffect: 0 } },
      { column: 'colour', test: 'chi-square', statistic: 1, pValue: 0.5, adjustedPValue: 0.5, effectSize: 0.1, drifted: false, threshold: { alpha: 0.05, minEffect: 0 } },
      { column: '*', test: 'correlation-shift', statistic: 3, pValue: 0.01, adjustedPValue: 0.02, effectSize: 0.3, drifted: true, threshold: { alpha: 0.05, minEffect: 0.1 }, details: { worstPair: { a: 'x', b: 'y', baseline: 0.9, batch: 0.1 } } },
    ],
    rows: [],
    distributions: [
      { column: '<img src=x>', kind: 'numeric', edges: [0, 1, 2], baseline: [0.5, 0.5], batch: [0.9, 0.1] },
      { column: 'colour', kind: 'categorical', categories: ['red', 'blue'], baseline: [0.5, 0.5], batch: [0.4, 0.6] },
    ],
    duplicates: null,
    detectors: [],
    detection: null,
    ...overrides,
  };
}

describe('the HTML scan report', () => {
  it('shows the verdict, one chart per column, and the whole-batch tests', () => {
    const html = renderScanReportHtml(report());
    expect(html).toContain('data-verdict="quarantine"');
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toContain('Correlations between features');
    expect(html).toContain('largest change: x × y');
  });

  it('escapes names from the data, so a column name cannot inject markup', () => {
    const html = renderScanReportHtml(report());
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('is standalone: no external scripts, styles or images', () => {
    const html = renderScanReportHtml(report());
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link /i);
  });

  it('says plainly when there is no baseline and no detector', () => {
    const html = renderScanReportHtml(report({ baseline: null, drift: [], distributions: [], verdict: 'accept' }));
    expect(html).toContain('no baseline');
    expect(html).toContain('No poison detectors ran');
    expect(html).not.toContain('<svg');
  });
});

describe('the duplicates section', () => {
  it('lists the groups with their batch and baseline rows, or says none were found', () => {
    const html = renderScanReportHtml(report({
      duplicates: { threshold: 0.05, duplicateRows: 3, againstBaseline: 1, baselineRowsCompared: 300, groupCount: 2, groups: [{ kind: 'exact', rows: [1, 4], baselineRows: [], radius: 0 }, { kind: 'near', rows: [7], baselineRows: [12], radius: 0.01 }] },
    }));
    expect(html).toContain('<h2>Duplicates</h2>');
    expect(html).toContain('3 batch rows in 2 groups');
    expect(html).toMatch(/<td>1, 4<\/td><td>—<\/td>/);
    expect(html).toMatch(/<td>7<\/td><td>12<\/td>/);
    const none = renderScanReportHtml(report({ duplicates: { threshold: 0.05, duplicateRows: 0, againstBaseline: 0, baselineRowsCompared: 0, groupCount: 0, groups: [], note: 'the baseline has no row sample' } }));
    expect(none).toContain('No exact or near duplicates inside the batch');
    expect(none).toContain('the baseline has no row sample');
    expect(renderScanReportHtml(report())).not.toContain('<h2>Duplicates</h2>');
  });
});
