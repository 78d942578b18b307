// The layering rule of docs/architecture.md, enforced: imports point inward, and no import cycles.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph, layerViolations } from './lib/import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Inner layers have lower ranks. A folder may import its own files and folders of lower rank only. */
const LAYER_RANK: Readonly<Record<string, number>> = {
  core: 0,
  kernels: 1,
  crypto: 1,
  data: 2,
  stats: 2,
  storage: 2,
  baseline: 3,
  models: 3,
  identity: 3,
  drift: 4,
  detectors: 4,
  attacks: 4,
  hardening: 4,
  federated: 4,
  workflows: 5,
  report: 6,
  vault: 6,
  server: 7,
  cli: 8,
};

describe('architecture of src/', () => {
  const graph = importGraph(root);

  it('has no import pointing outward or sideways between layers, and every folder in a layer', () => {
    expect(layerViolations(root, graph, LAYER_RANK)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(root, graph)).toEqual([]);
  });
});

describe('the architecture checks themselves', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'antidote-arch-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(tmp, rel)), { recursive: true });
    writeFileSync(join(tmp, rel), text);
  };
  write('core/a.ts', "import { b } from './b.js';\nexport const a = 1;\n");
  write('core/b.ts', "export { a } from './a.js';\nexport const b = 2;\n");
  write('core/c.ts', "import { run } from '../cli/run.js';\n");
  write('cli/run.ts', "import { a } from '../core/a.js';\nexport const run = a;\n");
  write('mystery/x.ts', "export const x = 1;\n");
  const graph = importGraph(tmp);

  it('finds a cycle', () => {
    expect(importCycles(tmp, graph)).toEqual(['core/a.ts -> core/b.ts -> core/a.ts']);
  });

  it('finds an outward import and a folder without a layer', () => {
    expect(layerViolations(tmp, graph, { core: 0, cli: 7 }).sort()).toEqual(['core/c.ts -> cli/run.ts', 'mystery/x.ts: folder "mystery" has no layer']);
  });
});
