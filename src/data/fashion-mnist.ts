/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747): 60,000 training and 10,000 test
 * grey-scale 28 x 28 images of ten kinds of clothing, as installed by Debian's
 * `dataset-fashion-mnist` package under /usr/share/datasets/fashion-mnist/ (IDX files, gzipped).
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Labels } from '../core/detector.js';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { IDX_MAGIC_IMAGES, IDX_MAGIC_LABELS, readIdx, type IdxTensor } from './idx-reader.js';

/** Where Debian's `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The command that installs the data set. */
export const FASHION_MNIST_INSTALL = 'apt-get install -y dataset-fashion-mnist';

/** The class names, in label-code order. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/** The splits of the data set. */
export const FASHION_MNIST_SPLITS = ['train', 'test'] as const;

/** One of {@link FASHION_MNIST_SPLITS}. */
export type FashionMnistSplit = (typeof FASHION_MNIST_SPLITS)[number];

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** `train` (60,000 images) or `test` (10,000). */
  readonly split: FashionMnistSplit;
  /** Keep only the first `limit` images (for tests and quick runs); default all. */
  readonly limit?: number;
  /** The folder holding the four `.gz` files; default {@link FASHION_MNIST_DIR}. */
  readonly dir?: string;
}

/** A loaded split: one row of 784 pixels in [0, 1] per image, and the class of each. */
export interface FashionMnist {
  /** `rows x 784`, pixel value / 255, row-major over the 28 x 28 image. */
  readonly x: Matrix<Float32Array>;
  /** Codes 0..9 in the order of {@link FASHION_MNIST_CLASSES}. */
  readonly labels: Labels;
}

/** The image and label file names of a split. */
export function fashionMnistFiles(split: FashionMnistSplit): { readonly images: string; readonly labels: string } {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte.gz`, labels: `${prefix}-labels-idx1-ubyte.gz` };
}

/**
 * Loads one split of Fashion-MNIST as a float32 matrix scaled to [0, 1] and its labels.
 *
 * @throws AntidoteError `not_found` when the files are missing (the message gives the apt
 *   command that installs them); `invalid_input` for a bad split or limit, or files that are not
 *   the expected IDX images and labels, or whose counts disagree.
 *
 * @example
 * const { x, labels } = await loadFashionMnist({ split: 'test', limit: 1000 });
 * x.cols; // 784
 */
export async function loadFashionMnist(options: FashionMnistOptions): Promise<FashionMnist> {
  const { split, limit } = options;
  if (!(FASHION_MNIST_SPLITS as readonly string[]).includes(split)) {
    throw invalidInput(`fashion-mnist: unknown split "${String(split)}"; choose one of ${FASHION_MNIST_SPLITS.join(', ')}`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw invalidInput(`fashion-mnist: limit = ${limit} must be a positive integer`);
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const names = fashionMnistFiles(split);
  const imagePath = join(dir, names.images);
  const labelPath = join(dir, names.labels);
  for (const path of [imagePath, labelPath]) {
    try {
      await access(path);
    } catch {
      throw new AntidoteError('not_found', `Fashion-MNIST is not installed: ${path} does not exist; install it with \`${FASHION_MNIST_INSTALL}\``, { file: path });
    }
  }
  const [images, labelTensor] = await Promise.all([readIdx(imagePath), readIdx(labelPath)]);
  expectShape(images, IDX_MAGIC_IMAGES, 3, imagePath);
  expectShape(labelTensor, IDX_MAGIC_LABELS, 1, labelPath);
  const [count, height, width] = images.dims as [number, number, number];
  if (labelTensor.dims[0] !== count) {
    throw invalidInput(`fashion-mnist: ${imagePath} has ${count} images but ${labelPath} has ${labelTensor.dims[0]} labels`, { file: labelPath });
  }
  const rows = Math.min(count, limit ?? count);
  const cols = height * width;
  const pixels = images.data;
  const data = new Float32Array(rows * cols);
  for (let p = 0; p < rows * cols; p++) data[p] = pixels[p]! / 255;
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = labelTensor.data[i]!;
    if (c >= FASHION_MNIST_CLASSES.length) {
      throw invalidInput(`fashion-mnist: label ${c} of image ${i} is outside 0..${FASHION_MNIST_CLASSES.length - 1}`, { file: labelPath });
    }
    codes[i] = c;
  }
  return { x: { rows, cols, data }, labels: { codes, classes: FASHION_MNIST_CLASSES.length } };
}

/** Checks that a tensor is uint8 of the rank a magic number declares (0x803 images, 0x801 labels). */
function expectShape(t: IdxTensor, magic: number, rank: number, path: string): void {
  if (t.elemType !== 'uint8' || t.dims.length !== rank) {
    throw invalidInput(
      `fashion-mnist: ${path} holds ${t.elemType} [${t.dims.join(', ')}]; expected IDX magic 0x${magic.toString(16).padStart(8, '0')} (uint8, rank ${rank})`,
      { file: path },
    );
  }
}
