/**
 * Builds ONNX models in code: a graph of operator nodes with named, typed inputs and outputs
 * (fixed or symbolic dimensions) and constant initializers, encoded as `ModelProto` bytes that
 * `onnxruntime-node` loads with `InferenceSession.create(bytes)`. Nothing ships test models, so
 * the fast kernels and the model tests build theirs here. Field numbers follow onnx/onnx.proto.
 */
import { invalidInput } from '../core/errors.js';
import { ProtobufWriter } from './protobuf-writer.js';

/** Tensor element types this encoder can declare and store. */
export const ONNX_ELEMENT_TYPES = ['float32', 'float64', 'int8', 'uint8', 'int32', 'int64', 'bool'] as const;

/** One of {@link ONNX_ELEMENT_TYPES}. */
export type OnnxElementType = (typeof ONNX_ELEMENT_TYPES)[number];

/** `TensorProto.DataType` codes. */
const ELEMENT_TYPE_CODE: Readonly<Record<OnnxElementType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
};

/** The default operator set (ai.onnx) of {@link encodeOnnxModel}. */
export const ONNX_DEFAULT_OPSET = 17;

/** The IR version that introduced each ai.onnx opset (onnx/helper.py `VERSION_TABLE`). */
const IR_VERSION_FOR_OPSET: Readonly<Record<number, number>> = {
  13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10, 22: 10, 23: 11,
};

/** A dimension: a fixed size, or a name for a size known only at run time (`'batch'`). */
export type OnnxDim = number | string;

/** A named graph input, output or intermediate value: element type and shape. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: OnnxElementType;
  /** One entry per axis; `[]` is a scalar; omitted means the rank is unknown. */
  readonly shape?: readonly OnnxDim[];
}

/** The data of a constant tensor; a plain array is converted to the element type. */
export type OnnxTensorData = Float32Array | Float64Array | Int8Array | Uint8Array | Int32Array | BigInt64Array | readonly number[];

/** A constant tensor: a graph initializer (weights) or a `tensor` attribute (e.g. of `Constant`). */
export interface OnnxTensor {
  readonly name: string;
  readonly elemType: OnnxElementType;
  readonly dims: readonly number[];
  /** Row-major values, `product(dims)` of them; `bool` is 0 / 1 in a Uint8Array or array. */
  readonly data: OnnxTensorData;
}

/** A node attribute, tagged with its ONNX attribute type (an integer and a float are not interchangeable). */
export type OnnxAttribute =
  | { readonly kind: 'int'; readonly value: number | bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'ints'; readonly value: readonly (number | bigint)[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'tensor'; readonly value: OnnxTensor }
  | { readonly kind: 'graph'; readonly value: OnnxGraph };

/** Shorthands for {@link OnnxAttribute} values: `{ transB: onnxAttr.int(1), alpha: onnxAttr.float(0.5) }`. */
export const onnxAttr = {
  int: (value: number | bigint): OnnxAttribute => ({ kind: 'int', value }),
  float: (value: number): OnnxAttribute => ({ kind: 'float', value }),
  string: (value: string): OnnxAttribute => ({ kind: 'string', value }),
  ints: (value: readonly (number | bigint)[]): OnnxAttribute => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): OnnxAttribute => ({ kind: 'strings', value }),
  tensor: (value: OnnxTensor): OnnxAttribute => ({ kind: 'tensor', value }),
  graph: (value: OnnxGraph): OnnxAttribute => ({ kind: 'graph', value }),
} as const;

/** One operator application. An empty input name marks an omitted optional input. */
export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  /** Operator domain; '' (the default) is ai.onnx. */
  readonly domain?: string;
  readonly attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A computation graph; nodes must be listed in topological order. */
export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly initializers?: readonly OnnxTensor[];
  /** Optional type and shape hints for intermediate values. */
  readonly valueInfo?: readonly OnnxValueInfo[];
}

/** A whole model: its graph and the operator sets it imports. */
export interface OnnxModel {
  readonly graph: OnnxGraph;
  /** ai.onnx opset, 13..23; default {@link ONNX_DEFAULT_OPSET}. */
  readonly opsetVersion?: number;
  /** IR version; default: the one that goes with `opsetVersion`. */
  readonly irVersion?: number;
  /** Other operator sets, e.g. `{ domain: 'com.microsoft', version: 1 }`. */
  readonly extraOpsets?: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
}

/**
 * Encodes a model as ONNX `ModelProto` bytes, after checking that every node input is defined
 * before use (a graph input, an initializer or an earlier node's output), that value names are
 * produced once, and that every graph output is produced. Subgraphs passed as `graph` attributes
 * (If, Loop, Scan bodies) are encoded as given, unchecked: they may read values of the outer graph.
 *
 * @throws AntidoteError `invalid_input` naming the node and value at fault, or a tensor whose data
 *   length or array type does not match its declaration.
 *
 * @example
 * // y = relu(x · W + b), batch size symbolic
 * const bytes = encodeOnnxModel({
 *   graph: {
 *     name: 'mlp',
 *     inputs: [{ name: 'x', elemType: 'float32', shape: ['batch', 3] }],
 *     outputs: [{ name: 'y', elemType: 'float32', shape: ['batch', 2] }],
 *     initializers: [
 *       { name: 'W', elemType: 'float32', dims: [3, 2], data: [1, 2, 3, 4, 5, 6] },
 *       { name: 'b', elemType: 'float32', dims: [2], data: [0.5, -0.5] },
 *     ],
 *     nodes: [
 *       { opType: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['h'] },
 *       { opType: 'Relu', inputs: ['h'], outputs: ['y'] },
 *     ],
 *   },
 * });
 * const session = await ort.InferenceSession.create(bytes);
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const opset = model.opsetVersion ?? ONNX_DEFAULT_OPSET;
  const irFromOpset = IR_VERSION_FOR_OPSET[opset];
  if (irFromOpset === undefined) {
    throw invalidInput(`ONNX opset ${opset} is not supported; choose one of ${Object.keys(IR_VERSION_FOR_OPSET).join(', ')}`);
  }
  const irVersion = model.irVersion ?? irFromOpset;
  checkGraph(model.graph);

  const w = new ProtobufWriter();
  w.int64(1, irVersion);
  w.string(2, model.producerName ?? 'antidote');
  if (model.producerVersion !== undefined) w.string(3, model.producerVersion);
  if (model.docString !== undefined) w.string(6, model.docString);
  w.message(7, encodeGraph(model.graph));
  w.message(8, new ProtobufWriter().string(1, '').int64(2, opset).finish());
  for (const o of model.extraOpsets ?? []) w.message(8, new ProtobufWriter().string(1, o.domain).int64(2, o.version).finish());
  return w.finish();
}

/** The bytes of one `TensorProto` (exposed for tests and for `Constant` nodes built elsewhere). */
export function encodeOnnxTensor(t: OnnxTensor): Uint8Array {
  const count = t.dims.reduce((p, d) => p * d, 1);
  for (const d of t.dims) {
    if (!Number.isInteger(d) || d < 0) throw invalidInput(`ONNX tensor "${t.name}": dimension ${d} must be a non-negative integer`);
  }
  if (t.data.length !== count) {
    throw invalidInput(`ONNX tensor "${t.name}" has dims [${t.dims.join(', ')}] (${count} values) but ${t.data.length} data values`);
  }
  const w = new ProtobufWriter();
  for (const d of t.dims) w.int64(1, d);
  w.int64(2, ELEMENT_TYPE_CODE[t.elemType]);
  w.string(8, t.name);
  w.bytes(9, rawLittleEndian(t));
  return w.finish();
}

function rawLittleEndian(t: OnnxTensor): Uint8Array {
  const { elemType, data } = t;
  const expected = {
    float32: Float32Array,
    float64: Float64Array,
    int8: Int8Array,
    uint8: Uint8Array,
    bool: Uint8Array,
    int32: Int32Array,
    int64: BigInt64Array,
  }[elemType];
  if (ArrayBuffer.isView(data) && !(data instanceof expected)) {
    throw invalidInput(`ONNX tensor "${t.name}" is declared ${elemType} but its data is a ${data.constructor.name}; use a ${expected.name} or a plain array`);
  }
  const width = expected.BYTES_PER_ELEMENT;
  const out = new Uint8Array(data.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    const o = i * width;
    switch (elemType) {
      case 'float32':
        view.setFloat32(o, Number(v), true);
        break;
      case 'float64':
        view.setFloat64(o, Number(v), true);
        break;
      case 'int8':
        view.setInt8(o, Number(v));
        break;
      case 'uint8':
        view.setUint8(o, Number(v));
        break;
      case 'bool':
        view.setUint8(o, Number(v) ? 1 : 0);
        break;
      case 'int32':
        view.setInt32(o, Number(v), true);
        break;
      case 'int64':
        view.setBigInt64(o, typeof v === 'bigint' ? v : BigInt(v), true);
        break;
    }
  }
  return out;
}

function encodeGraph(g: OnnxGraph): Uint8Array {
  const w = new ProtobufWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers ?? []) w.message(5, encodeOnnxTensor(t));
  for (const v of g.inputs) w.message(11, encodeValueInfo(v));
  for (const v of g.outputs) w.message(12, encodeValueInfo(v));
  for (const v of g.valueInfo ?? []) w.message(13, encodeValueInfo(v));
  return w.finish();
}

function encodeNode(n: OnnxNode): Uint8Array {
  const w = new ProtobufWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name !== undefined) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, a] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(name, a));
  if (n.domain !== undefined) w.string(7, n.domain);
  return w.finish();
}

/** `AttributeProto.AttributeType` codes. */
const ATTRIBUTE_TYPE_CODE: Readonly<Record<OnnxAttribute['kind'], number>> = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  graph: 5,
  floats: 6,
  ints: 7,
  strings: 8,
};

function encodeAttribute(name: string, a: OnnxAttribute): Uint8Array {
  const w = new ProtobufWriter();
  w.string(1, name);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.int64(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'tensor':
      w.message(5, encodeOnnxTensor(a.value));
      break;
    case 'graph':
      w.message(6, encodeGraph(a.value));
      break;
    case 'floats':
      for (const v of a.value) w.float(7, v);
      break;
    case 'ints':
      for (const v of a.value) w.int64(8, v);
      break;
    case 'strings':
      for (const v of a.value) w.string(9, v);
      break;
  }
  w.int64(20, ATTRIBUTE_TYPE_CODE[a.kind]);
  return w.finish();
}

function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const tensorType = new ProtobufWriter().int64(1, ELEMENT_TYPE_CODE[v.elemType]);
  if (v.shape !== undefined) {
    const shape = new ProtobufWriter();
    for (const d of v.shape) {
      const dim = new ProtobufWriter();
      if (typeof d === 'number') dim.int64(1, d);
      else dim.string(2, d);
      shape.message(1, dim.finish());
    }
    tensorType.message(2, shape.finish());
  }
  const type = new ProtobufWriter().message(1, tensorType.finish());
  return new ProtobufWriter().string(1, v.name).message(2, type.finish()).finish();
}

function checkGraph(g: OnnxGraph): void {
  const defined = new Set<string>();
  const define = (name: string, what: string): void => {
    if (name === '') throw invalidInput(`ONNX graph "${g.name}": ${what} has an empty name`);
    if (defined.has(name)) throw invalidInput(`ONNX graph "${g.name}": value "${name}" is defined twice (again by ${what})`);
    defined.add(name);
  };
  for (const v of g.inputs) {
    checkShape(g, v);
    define(v.name, `graph input "${v.name}"`);
  }
  for (const t of g.initializers ?? []) {
    // An initializer may also be listed as a graph input (a default value the caller can override).
    if (!g.inputs.some((v) => v.name === t.name)) define(t.name, `initializer "${t.name}"`);
  }
  g.nodes.forEach((n, k) => {
    const label = `node ${k} (${n.name ?? n.opType})`;
    for (const i of n.inputs) {
      if (i !== '' && !defined.has(i)) {
        throw invalidInput(`ONNX graph "${g.name}": ${label} reads "${i}", which no graph input, initializer or earlier node defines`);
      }
    }
    for (const o of n.outputs) if (o !== '') define(o, label);
  });
  for (const v of g.outputs) {
    checkShape(g, v);
    if (!defined.has(v.name)) throw invalidInput(`ONNX graph "${g.name}": output "${v.name}" is not produced by any node, input or initializer`);
  }
}

function checkShape(g: OnnxGraph, v: OnnxValueInfo): void {
  for (const d of v.shape ?? []) {
    if (typeof d === 'number' ? !Number.isInteger(d) || d < 0 : d === '') {
      throw invalidInput(`ONNX graph "${g.name}": value "${v.name}" has dimension ${JSON.stringify(d)}; use a non-negative integer or a non-empty name`);
    }
  }
}
