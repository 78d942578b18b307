/**
 * Data intake: readers (CSV/TSV, JSON Lines, Parquet, NumPy .npy), schema inference and
 * overrides, and the feature encoder that turns a data set into a matrix for detectors.
 */
export { readDataset, DEFAULT_EMBEDDING_COLUMN, type ReadDatasetOptions } from './read-dataset.js';
export { readCsv, detectDelimiter, type CsvReadOptions } from './csv-reader.js';
export { CsvTokenizer, type CsvRecordHandler } from './csv-tokenizer.js';
export { readJsonl, type JsonlReadOptions } from './jsonl-reader.js';
export { readParquet, type ParquetReadOptions } from './parquet-reader.js';
export { readNpy, parseNpyHeader, NPY_MAGIC, NPY_PREAMBLE_BYTES, type NpyHeader, type NpyReadOptions } from './npy-reader.js';
export { detectDataFormat, formatFromExtension, sniffContent, DATA_FORMATS, DATA_EXTENSIONS, SNIFF_BYTES, type DataFormat, type SniffedContent } from './file-format.js';
export type { TableReadOptions } from './table-read-options.js';
export { TableAssembler, type TableAssemblerOptions } from './table-assembler.js';
export { inferColumnSchema, inferSchema, DEFAULT_INFERENCE_ROWS, TEXT_MIN_MEAN_LENGTH, TEXT_MIN_MEAN_WORDS } from './schema-inference.js';
export { loadSchemaOverride, parseSchemaOverride, overrideFromSchema, type SchemaOverride } from './schema-override.js';
export { schemaOf } from './schema-of.js';
export { MISSING_TOKENS, isMissingValue } from './missing-value.js';
export { parseNumberCell, parseBooleanCell, parseTimestampCell, parseNumberListCell, cellText } from './cell-parsers.js';
export { createColumnBuilder, showValue, type CellProblem, type ColumnBuilder, type ColumnBuilderOptions } from './column-builder.js';
export { GrowableArray, type ColumnStorage } from './growable-array.js';
export { fileError } from './file-error.js';
export {
  FeatureEncoder,
  fitFeatureEncoder,
  transformFeatures,
  encoderFeatureNames,
  DEFAULT_ENCODER_OPTIONS,
  type FeatureEncoderOptions,
  type EncodedFeatures,
} from './encoding/feature-encoder.js';
export {
  parseEncoderState,
  ENCODER_STATE_FORMAT,
  ENCODER_STATE_VERSION,
  type EncoderState,
  type ColumnEncoding,
  type StandardizeEncoding,
  type BinaryEncoding,
  type OneHotEncoding,
  type HashingEncoding,
  type HashedTfidfEncoding,
  type PassthroughEncoding,
} from './encoding/encoder-state.js';
export { murmur3, murmur3Bytes, hashBucket } from './encoding/murmur3.js';
export { wordTokens } from './encoding/word-tokens.js';
export { csvField, csvRecord, type CsvWriteOptions } from './csv-writer.js';
export { selectRows } from './select-rows.js';
export { readIdx, parseIdx, IDX_MAGIC_IMAGES, IDX_MAGIC_LABELS, type IdxTensor, type IdxElementType } from './idx-reader.js';
export { loadFashionMnist, FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, FASHION_MNIST_INSTALL, type FashionMnist, type FashionMnistSplit } from './fashion-mnist.js';
