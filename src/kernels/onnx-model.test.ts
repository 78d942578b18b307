import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { encodeOnnxModel, encodeOnnxTensor, onnxAttr, type OnnxGraph } from './onnx-model.js';

function expectInvalid(f: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(isAntidoteError(error, 'invalid_input')).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

describe('encodeOnnxModel', () => {
  it('builds a Gemm + Relu MLP with symbolic batch size that onnxruntime runs correctly', async () => {
    const rng = createRng(7);
    const [d, h, o] = [5, 4, 3];
    const w1 = Float32Array.from({ length: d * h }, () => rng.normal());
    const b1 = Float32Array.from({ length: h }, () => rng.normal());
    const w2 = Float32Array.from({ length: h * o }, () => rng.normal());
    const b2 = Float32Array.from({ length: o }, () => rng.normal());
    const bytes = encodeOnnxModel({
      opsetVersion: 17,
      graph: {
        name: 'mlp',
        inputs: [{ name: 'x', elemType: 'float32', shape: ['batch', d] }],
        outputs: [{ name: 'y', elemType: 'float32', shape: ['batch', o] }],
        initializers: [
          { name: 'W1', elemType: 'float32', dims: [d, h], data: w1 },
          { name: 'b1', elemType: 'float32', dims: [h], data: b1 },
          { name: 'W2', elemType: 'float32', dims: [h, o], data: w2 },
          { name: 'b2', elemType: 'float32', dims: [o], data: b2 },
        ],
        nodes: [
          { opType: 'Gemm', name: 'fc1', inputs: ['x', 'W1', 'b1'], outputs: ['z1'], attributes: { alpha: onnxAttr.float(1), beta: onnxAttr.float(1) } },
          { opType: 'Relu', inputs: ['z1'], outputs: ['a1'] },
          { opType: 'Gemm', name: 'fc2', inputs: ['a1', 'W2', 'b2'], outputs: ['y'] },
        ],
      },
    });
    const session = await ort.InferenceSession.create(bytes);
    try {
      expect(session.inputNames).toEqual(['x']);
      expect(session.outputNames).toEqual(['y']);
      for (const batch of [1, 7]) {
        const x = Float32Array.from({ length: batch * d }, () => rng.normal());
        const out = await session.run({ x: new ort.Tensor('float32', x, [batch, d]) });
        const y = out['y']!;
        expect(y.dims).toEqual([batch, o]);
        const got = y.data as Float32Array;
        for (let r = 0; r < batch; r++) {
          const a1 = Array.from({ length: h }, (_, j) => {
            let s = b1[j]!;
            for (let p = 0; p < d; p++) s += x[r * d + p]! * w1[p * h + j]!;
            return Math.max(0, s);
          });
          for (let k = 0; k < o; k++) {
            let s = b2[k]!;
            for (let j = 0; j < h; j++) s += a1[j]! * w2[j * o + k]!;
            expect(got[r * o + k]).toBeCloseTo(s, 4);
          }
        }
      }
    } finally {
      await session.release();
    }
  });

  it('stores int64 and float64 initializers and int / ints / float attributes as onnxruntime reads them', async () => {
    // y = Transpose(Reshape(x, shape)) * scale, then LeakyRelu(alpha): exercises int64 data, `ints`
    // (perm) and `float` (alpha) attributes, float64 tensors, and a scalar initializer.
    const bytes = encodeOnnxModel({
      opsetVersion: 18,
      graph: {
        name: 'reshape',
        inputs: [{ name: 'x', elemType: 'float64', shape: [6] }],
        outputs: [{ name: 'y', elemType: 'float64', shape: [3, 2] }],
        initializers: [
          { name: 'shape', elemType: 'int64', dims: [2], data: [2, 3] },
          { name: 'scale', elemType: 'float64', dims: [], data: new Float64Array([-2]) },
        ],
        nodes: [
          { opType: 'Reshape', inputs: ['x', 'shape'], outputs: ['r'] },
          { opType: 'Transpose', inputs: ['r'], outputs: ['t'], attributes: { perm: onnxAttr.ints([1, 0]) } },
          { opType: 'Mul', inputs: ['t', 'scale'], outputs: ['s'] },
          { opType: 'LeakyRelu', inputs: ['s'], outputs: ['y'], attributes: { alpha: onnxAttr.float(0.5) } },
        ],
      },
    });
    const session = await ort.InferenceSession.create(bytes);
    try {
      const out = await session.run({ x: new ort.Tensor('float64', new Float64Array([1, -2, 3, 4, 5, -6]), [6]) });
      // r = [[1,-2,3],[4,5,-6]]; t = [[1,4],[-2,5],[3,-6]]; s = -2t; leaky(0.5) halves negatives.
      expect(Array.from(out['y']!.data as Float64Array)).toEqual([-1, -4, 4, -5, -3, 12]);
      expect(out['y']!.dims).toEqual([3, 2]);
    } finally {
      await session.release();
    }
  });

  it('encodes a tensor attribute (Constant) and a string attribute', async () => {
    const bytes = encodeOnnxModel({
      graph: {
        name: 'constant',
        inputs: [{ name: 'x', elemType: 'int32', shape: ['n'] }],
        outputs: [{ name: 'y', elemType: 'int32', shape: ['n'] }],
        nodes: [
          { opType: 'Constant', inputs: [], outputs: ['c'], attributes: { value: onnxAttr.tensor({ name: 'c', elemType: 'int32', dims: [1], data: new Int32Array([40]) }) } },
          { opType: 'Add', inputs: ['x', 'c'], outputs: ['y'] },
        ],
      },
    });
    const session = await ort.InferenceSession.create(bytes);
    try {
      const out = await session.run({ x: new ort.Tensor('int32', new Int32Array([1, 2]), [2]) });
      expect(Array.from(out['y']!.data as Int32Array)).toEqual([41, 42]);
    } finally {
      await session.release();
    }
    // DCR (the default) and CRD order the channels differently: the output proves the string was read.
    for (const [mode, expected] of [
      ['CRD', [0, 1, 2, 3, 4, 5, 6, 7]],
      ['DCR', [0, 2, 4, 6, 1, 3, 5, 7]],
    ] as const) {
      const withMode = encodeOnnxModel({
        graph: {
          name: 'd2s',
          inputs: [{ name: 'x', elemType: 'float32', shape: [1, 8, 1, 1] }],
          outputs: [{ name: 'y', elemType: 'float32', shape: [1, 2, 2, 2] }],
          nodes: [{ opType: 'DepthToSpace', inputs: ['x'], outputs: ['y'], attributes: { blocksize: onnxAttr.int(2), mode: onnxAttr.string(mode) } }],
        },
      });
      const s2 = await ort.InferenceSession.create(withMode);
      try {
        const out = await s2.run({ x: new ort.Tensor('float32', Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), [1, 8, 1, 1]) });
        expect(Array.from(out['y']!.data as Float32Array)).toEqual(expected);
      } finally {
        await s2.release();
      }
    }
  });

  it('writes the TensorProto fields in onnx.proto numbering (dims 1, data_type 2, name 8, raw_data 9)', () => {
    const bytes = Array.from(encodeOnnxTensor({ name: 'w', elemType: 'float32', dims: [2], data: [1, -2] }));
    expect(bytes).toEqual([
      0x08, 0x02, // dims: 2
      0x10, 0x01, // data_type: FLOAT
      0x42, 0x01, 0x77, // name: "w"
      0x4a, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, // raw_data: 1.0f, -2.0f little-endian
    ]);
  });

  it('rejects graphs that read undefined values, define a value twice, or leave an output unproduced', () => {
    const base: OnnxGraph = {
      name: 'g',
      inputs: [{ name: 'x', elemType: 'float32', shape: [1] }],
      outputs: [{ name: 'y', elemType: 'float32', shape: [1] }],
      nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
    };
    expect(encodeOnnxModel({ graph: base }).length).toBeGreaterThan(0);
    expectInvalid(() => encodeOnnxModel({ graph: { ...base, nodes: [{ opType: 'Relu', name: 'r', inputs: ['z'], outputs: ['y'] }] } }), /node 0 \(r\) reads "z"/);
    expectInvalid(
      () => encodeOnnxModel({ graph: { ...base, nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['x'] }] } }),
      /value "x" is defined twice/,
    );
    expectInvalid(() => encodeOnnxModel({ graph: { ...base, nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['h'] }] } }), /output "y" is not produced/);
    expectInvalid(() => encodeOnnxModel({ graph: { ...base, inputs: [{ name: 'x', elemType: 'float32', shape: [-1] }] } }), /dimension -1/);
  });

  it('rejects tensors whose data does not match their declaration, and unknown opsets', () => {
    expectInvalid(() => encodeOnnxTensor({ name: 'w', elemType: 'float32', dims: [2, 2], data: [1, 2, 3] }), /dims \[2, 2\] \(4 values\) but 3/);
    expectInvalid(() => encodeOnnxTensor({ name: 'w', elemType: 'float32', dims: [1], data: new Float64Array(1) }), /declared float32 but its data is a Float64Array/);
    expectInvalid(
      () => encodeOnnxModel({ opsetVersion: 99, graph: { name: 'g', inputs: [], outputs: [], nodes: [] } }),
      /opset 99 is not supported; choose one of 13, .*23/,
    );
  });
});
