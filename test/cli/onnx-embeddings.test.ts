// End-to-end: `antidote scan --onnx-model m.onnx --onnx-output hidden` runs a user's ONNX model on
// the table's numeric columns (the label left out) and the backdoor detectors on its hidden layer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { encodeOnnxModel } from '../../src/kernels/onnx-model.js';
import { requireBuiltCli, runCli, STACK_LINE, tempDir, writeCsv } from './helpers.js';

const tmp = tempDir('onnx');
beforeAll(() => requireBuiltCli());
afterAll(() => tmp.cleanup());

const FEATURES = ['f1', 'f2', 'f3', 'f4', 'f5'] as const;
const HIDDEN = 6;

/** A 5 -> 6 (ReLU) -> 2 MLP with seeded weights, its hidden layer exposed as the output `hidden`. */
function writeModel(path: string): void {
  const rng = createRng(11);
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  writeFileSync(
    path,
    encodeOnnxModel({
      graph: {
        name: 'classifier',
        inputs: [{ name: 'x', elemType: 'float32', shape: ['batch', FEATURES.length] }],
        outputs: [
          { name: 'logits', elemType: 'float32', shape: ['batch', 2] },
          { name: 'hidden', elemType: 'float32', shape: ['batch', HIDDEN] },
        ],
        initializers: [
          { name: 'W1', elemType: 'float32', dims: [FEATURES.length, HIDDEN], data: draw(FEATURES.length * HIDDEN) },
          { name: 'b1', elemType: 'float32', dims: [HIDDEN], data: draw(HIDDEN) },
          { name: 'W2', elemType: 'float32', dims: [HIDDEN, 2], data: draw(HIDDEN * 2) },
          { name: 'b2', elemType: 'float32', dims: [2], data: draw(2) },
        ],
        nodes: [
          { opType: 'Gemm', inputs: ['x', 'W1', 'b1'], outputs: ['pre'] },
          { opType: 'Relu', inputs: ['pre'], outputs: ['hidden'] },
          { opType: 'Gemm', inputs: ['hidden', 'W2', 'b2'], outputs: ['logits'] },
        ],
      },
    }),
  );
}

/** 240 rows: five numeric features, a categorical column (not fed to the model) and a numeric label 1/2. */
function writeData(path: string): void {
  const rng = createRng(5);
  const rows = Array.from({ length: 240 }, (_, i) => {
    const y = i % 2 === 0 ? 1 : 2;
    return [...FEATURES.map(() => (rng.normal() + (y === 2 ? 1.5 : 0)).toFixed(4)), i % 3 === 0 ? 'north' : 'south', y];
  });
  writeCsv(path, [...FEATURES, 'region', 'y'], rows);
}

describe('antidote scan --onnx-model', () => {
  const model = join(tmp.dir, 'model.onnx');
  const data = join(tmp.dir, 'data.csv');
  beforeAll(() => {
    writeModel(model);
    writeData(data);
  });

  it('runs the backdoor detectors on the hidden layer the model exposes', async () => {
    const out = join(tmp.dir, 'report');
    const run = await runCli(['scan', data, '--label', 'y', '--onnx-model', model, '--onnx-output', 'hidden', '--out', out, '--json']);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect([0, 3], run.stderr).toContain(run.code);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { detectors: string[]; summary: { columns: number } };
    expect(report.detectors).toContain('spectral-signatures');
    expect(report.detectors).toContain('activation-clustering');
    // f1..f5, region, y and the extracted embedding.
    expect(report.summary.columns).toBe(8);
    expect(JSON.parse(run.stdout)).toEqual(report);
  });

  it('exits 1 naming the outputs the model has when the output is unknown', async () => {
    const run = await runCli(['scan', data, '--label', 'y', '--onnx-model', model, '--onnx-output', 'penultimate', '--out', join(tmp.dir, 'never')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no output "penultimate"');
    expect(run.stderr).toContain('"logits", "hidden"');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('exits 1 when --onnx-model comes without --onnx-output', async () => {
    const run = await runCli(['scan', data, '--label', 'y', '--onnx-model', model, '--out', join(tmp.dir, 'never')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--onnx-output');
  });
});
