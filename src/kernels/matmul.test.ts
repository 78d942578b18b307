import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import {
  MATMUL_ONNX_MIN_MULTIPLY_ADDS,
  chooseMatmulBackend,
  disposeMatmulBackends,
  matmul,
  matmulBackend,
  matmulSync,
  matmulTransposedB,
  matmulTransposedBSync,
  type MatmulChoice,
} from './matmul.js';
import { matmulReference } from './matmul-reference.js';

afterAll(disposeMatmulBackends);

function random32(rows: number, cols: number, seed: number): Matrix<Float32Array> {
  const rng = createRng(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => rng.normal()) };
}

describe('matmul (dispatch)', () => {
  it('chooses onnx from the threshold up and the reference below it', () => {
    expect(MATMUL_ONNX_MIN_MULTIPLY_ADDS).toBe(64_000);
    expect(chooseMatmulBackend(40, 40, 40)).toBe('onnx');
    expect(chooseMatmulBackend(39, 40, 40)).toBe('reference');
    expect(chooseMatmulBackend(1000, 8, 8)).toBe('onnx');
    expect(chooseMatmulBackend(0, 10_000, 10_000)).toBe('reference');
  });

  it('auto gives exactly the reference result for a small product and exactly the onnx result for a large one', async () => {
    const a = random32(9, 7, 1);
    const b = random32(7, 5, 2);
    expect((await matmul(a, b)).data).toEqual(matmulReference(a, b).data);

    const big = random32(64, 64, 3);
    const big2 = random32(64, 64, 4);
    const viaAuto = await matmul(big, big2);
    const viaOnnx = await matmul(big, big2, { backend: 'onnx' });
    const viaReference = await matmul(big, big2, { backend: 'reference' });
    expect(viaAuto.data).toEqual(viaOnnx.data);
    // float32 accumulation in onnxruntime vs double in the reference: close, but not bit-identical.
    expect(viaOnnx.data).not.toEqual(viaReference.data);
    let worst = 0;
    for (let i = 0; i < viaOnnx.data.length; i++) worst = Math.max(worst, Math.abs(viaOnnx.data[i]! - viaReference.data[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it('matmulTransposedB dispatches the same way and agrees with the sync reference', async () => {
    const a = random32(50, 40, 5);
    const bt = random32(45, 40, 6);
    const fast = await matmulTransposedB(a, bt);
    const slow = matmulTransposedBSync(a, bt);
    expect([fast.rows, fast.cols]).toEqual([50, 45]);
    let worst = 0;
    for (let i = 0; i < fast.data.length; i++) worst = Math.max(worst, Math.abs(fast.data[i]! - slow.data[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it('matmulSync is the reference, with the same shape errors', () => {
    const a = random32(3, 4, 7);
    const b = random32(4, 2, 8);
    expect(matmulSync(a, b).data).toEqual(matmulReference(a, b).data);
    let error: unknown;
    try {
      matmulSync(a, random32(3, 2, 9));
    } catch (e) {
      error = e;
    }
    expect(isAntidoteError(error, 'invalid_input')).toBe(true);
    expect((error as Error).message).toMatch(/3 x 4 and 3 x 2/);
  });

  it('rejects an unknown backend name, listing the available ones', async () => {
    const a = random32(2, 2, 1);
    await expect(matmul(a, a, { backend: 'wasm' as MatmulChoice })).rejects.toSatisfy(
      (e: unknown) => isAntidoteError(e, 'invalid_input') && /unknown matmul backend "wasm"; available: auto, reference, onnx/.test((e as Error).message),
    );
    expect(() => matmulBackend('gpu')).toThrow(/available: reference, onnx/);
  });

  it('recreates the onnx sessions after disposeMatmulBackends', async () => {
    const a = random32(40, 40, 11);
    const first = await matmul(a, a, { backend: 'onnx' });
    await disposeMatmulBackends();
    const second = await matmul(a, a, { backend: 'onnx' });
    expect(second.data).toEqual(first.data);
  });
});
