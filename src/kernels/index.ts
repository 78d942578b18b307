/**
 * The numeric kernel layer: pure functions over row-major typed arrays, each with a plain
 * TypeScript reference and, where it pays, a fast path tested against it. Importing this module
 * loads no native code; onnxruntime-node is loaded on the first product large enough to use it.
 */
export { FLOAT_DTYPES, dtypeOf, zerosLike, type FloatArray, type FloatDtype } from './float-array.js';
export { assertMatrix, assertMatmulShapes, assertMatmulTransposedBShapes } from './shape-checks.js';
export { MATMUL_BACKENDS, type MatmulBackend, type MatmulBackendName } from './matmul-backend.js';
export { matmulReference, matmulTransposedBReference, referenceMatmulBackend } from './matmul-reference.js';
export { createOnnxMatmulBackend, loadOnnxRuntime, matmulOnnxModel, type OnnxMatmulOptions, type MatmulProductKind } from './matmul-onnx.js';
export {
  MATMUL_CHOICES,
  MATMUL_ONNX_MIN_MULTIPLY_ADDS,
  chooseMatmulBackend,
  disposeMatmulBackends,
  matmul,
  matmulBackend,
  matmulSync,
  matmulTransposedB,
  matmulTransposedBSync,
  type MatmulChoice,
  type MatmulOptions,
} from './matmul.js';
export {
  ONNX_DEFAULT_OPSET,
  ONNX_ELEMENT_TYPES,
  encodeOnnxModel,
  encodeOnnxTensor,
  onnxAttr,
  type OnnxAttribute,
  type OnnxDim,
  type OnnxElementType,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxTensorData,
  type OnnxValueInfo,
} from './onnx-model.js';
export {
  pairwiseCosineDistances,
  pairwiseCosineDistancesReference,
  pairwiseSquaredDistances,
  pairwiseSquaredDistancesReference,
  pairwiseSquaredDistancesSync,
} from './pairwise-distances.js';
export { quickselect } from './selection.js';
export { quantile, quantileSorted, quantiles } from './quantiles.js';
export { RANK_NAN_POLICIES, argsort, rankData, sortedCopy, type RankDataOptions, type RankNanPolicy } from './sorting.js';
