import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, fashionMnistFiles, loadFashionMnist } from './fashion-mnist.js';

const installed = existsSync(join(FASHION_MNIST_DIR, fashionMnistFiles('test').images));
const dir = mkdtempSync(join(tmpdir(), 'antidote-fmnist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function idx(typeCode: number, dims: readonly number[], body: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

describe('loadFashionMnist on generated files', () => {
  it('scales pixels to [0, 1], keeps the label codes and honours limit', async () => {
    const names = fashionMnistFiles('train');
    writeFileSync(join(dir, names.images), gzipSync(idx(0x08, [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8])));
    writeFileSync(join(dir, names.labels), gzipSync(idx(0x08, [3], [9, 0, 4])));
    const all = await loadFashionMnist({ split: 'train', dir });
    expect([all.x.rows, all.x.cols]).toEqual([3, 4]);
    expect(Array.from(all.x.data.subarray(0, 4))).toEqual([0, 1, Math.fround(0.2), Math.fround(0.4)]);
    expect(Array.from(all.labels.codes)).toEqual([9, 0, 4]);
    expect(all.labels.classes).toBe(10);
    const two = await loadFashionMnist({ split: 'train', dir, limit: 2 });
    expect(two.x.rows).toBe(2);
    expect(Array.from(two.labels.codes)).toEqual([9, 0]);
  });

  it('says how to install the data set when the files are missing', async () => {
    await expect(loadFashionMnist({ split: 'test', dir })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('apt-get install -y dataset-fashion-mnist'),
    });
  });

  it('rejects label files that disagree with the images, and bad options', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    const names = fashionMnistFiles('test');
    writeFileSync(join(sub, names.images), idx(0x08, [2, 1, 1], [1, 2]));
    writeFileSync(join(sub, names.labels), idx(0x08, [3], [1, 2, 3]));
    await expect(loadFashionMnist({ split: 'test', dir: sub })).rejects.toThrow(/has 2 images but .* has 3 labels/);
    writeFileSync(join(sub, names.labels), idx(0x08, [2, 1], [1, 2]));
    await expect(loadFashionMnist({ split: 'test', dir: sub })).rejects.toThrow(/expected IDX magic 0x00000801 \(uint8, rank 1\)/);
    await expect(loadFashionMnist({ split: 'valid' as 'test', dir: sub })).rejects.toThrow(/unknown split "valid"; choose one of train, test/);
    await expect(loadFashionMnist({ split: 'test', dir: sub, limit: 0 })).rejects.toThrow(/limit = 0/);
  });
});

describe('loadFashionMnist on the installed data set', () => {
  it.skipIf(!installed)('reads the first test images: 28 x 28 pixels in [0, 1], labels 0..9 (the first is an ankle boot)', async () => {
    const { x, labels } = await loadFashionMnist({ split: 'test', limit: 200 });
    expect([x.rows, x.cols]).toEqual([200, 784]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of x.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    expect(labels.codes[0]).toBe(9);
    expect(new Set(labels.codes).size).toBe(10);
  });
});
