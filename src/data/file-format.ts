/**
 * Which reader a file needs: chosen by its extension, then confirmed by sniffing its first bytes,
 * so a Parquet file named `.csv`, a gzip archive, binary garbage or a JSON array named `.jsonl`
 * is rejected with a message that says what the file really looks like.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { AntidoteError } from '../core/errors.js';
import { fileError } from './file-error.js';

/** The formats `readDataset` reads. */
export const DATA_FORMATS = ['csv', 'jsonl', 'parquet', 'npy'] as const;
/** One of {@link DATA_FORMATS}. */
export type DataFormat = (typeof DATA_FORMATS)[number];

/** File extensions (lower case, with the dot) and the format each means. */
export const DATA_EXTENSIONS: Readonly<Record<string, DataFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.npy': 'npy',
};

/** What the first bytes of a file look like. */
export type SniffedContent =
  | 'empty'
  | 'parquet'
  | 'npy'
  | 'npz'
  | 'gzip'
  | 'zip'
  | 'bzip2'
  | 'xz'
  | 'zstd'
  | 'utf16'
  | 'binary'
  | 'json-array'
  | 'json-object'
  | 'json-document'
  | 'text';

/** How many leading bytes {@link sniffContent} looks at. */
export const SNIFF_BYTES = 64 * 1024;

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  if (head.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false;
  return true;
}

/**
 * Classifies a file from its first bytes (up to {@link SNIFF_BYTES}): a known binary signature,
 * UTF-16 text, other binary data (a NUL byte, control characters or invalid UTF-8), a JSON array
 * (text starting with `[`), JSON Lines (a first line that is a complete JSON object), a JSON
 * document spread over lines (`{` without a complete first line), or plain text.
 *
 * @example
 * sniffContent(Buffer.from('PAR1...')); // 'parquet'
 * sniffContent(Buffer.from('a,b\n1,2\n')); // 'text'
 */
export function sniffContent(head: Uint8Array): SniffedContent {
  if (head.length === 0) return 'empty';
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(head, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'npy';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // An .npz is a zip whose members are .npy files.
    return Buffer.from(head.subarray(0, Math.min(head.length, 512))).includes('.npy') ? 'npz' : 'zip';
  }
  if (startsWith(head, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'utf16';
  if (head.includes(0)) return 'binary';
  let text: string;
  try {
    // `stream: true` tolerates a multi-byte character cut off at the end of the sample.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return 'binary';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  for (let i = 0; i < Math.min(text.length, 1024); i++) {
    const c = text.charCodeAt(i);
    // Control characters other than tab, line feed and carriage return do not occur in text data.
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) return 'binary';
  }
  const trimmed = text.trimStart();
  // Neither CSV headers nor JSON Lines start with '['; a file that does is a JSON array.
  if (trimmed[0] === '[') return 'json-array';
  if (trimmed[0] === '{') {
    const nl = trimmed.indexOf('\n');
    return isJson(nl < 0 ? trimmed : trimmed.slice(0, nl)) ? 'json-object' : 'json-document';
  }
  return 'text';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const CONTENT_NAMES: Readonly<Record<SniffedContent, string>> = {
  empty: 'empty',
  parquet: 'a Parquet file (it starts with PAR1)',
  npy: 'a NumPy .npy file',
  npz: 'a NumPy .npz archive; extract the array you need with np.load(path)[name] and np.save it as .npy',
  gzip: 'gzip-compressed; decompress it first (gunzip)',
  zip: 'a zip archive; extract it first',
  bzip2: 'bzip2-compressed; decompress it first (bunzip2)',
  xz: 'xz-compressed; decompress it first (unxz)',
  zstd: 'zstd-compressed; decompress it first (unzstd)',
  utf16: 'UTF-16 text; save it as UTF-8',
  binary: 'binary data (NUL bytes, control characters or invalid UTF-8 near its start); if it is text in another encoding, convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)',
  'json-array': 'a JSON array, not JSON Lines (one object per line); convert it with jq -c ".[]"',
  'json-object': 'JSON Lines (its first line is a JSON object)',
  'json-document': 'a JSON document spread over several lines, not JSON Lines (one object per line); convert it with jq -c',
  text: 'text',
};

const RENAME_HINT: Partial<Record<SniffedContent, string>> = {
  parquet: '; rename it to .parquet',
  npy: '; rename it to .npy',
  'json-object': '; rename it to .jsonl',
};

function accepts(format: DataFormat, content: SniffedContent): boolean {
  switch (format) {
    case 'csv':
      return content === 'text';
    case 'jsonl':
      return content === 'json-object';
    case 'parquet':
      return content === 'parquet';
    case 'npy':
      return content === 'npy';
  }
}

/** The format an extension names (case-insensitive), or undefined. */
export function formatFromExtension(path: string): DataFormat | undefined {
  return DATA_EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * The format of the data file at `path`, from its extension, after checking that its first bytes
 * agree. Throws `invalid_input` for an unknown extension, an empty file, or content that is not
 * what the extension says (the message tells what it looks like instead).
 *
 * @example
 * await detectDataFormat('train.csv'); // 'csv'
 */
export async function detectDataFormat(path: string): Promise<DataFormat> {
  const ext = extname(path).toLowerCase();
  const format = DATA_EXTENSIONS[ext];
  if (format === undefined) {
    throw new AntidoteError(
      'invalid_input',
      `${path}: unsupported file extension "${ext || '(none)'}"; supported: ${Object.keys(DATA_EXTENSIONS).join(', ')}${ext === '.gz' || ext === '.zip' ? ' (decompress the file first)' : ''}`,
      { file: path },
    );
  }
  let head: Uint8Array;
  let tail: Uint8Array = new Uint8Array(0);
  try {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const buf = Buffer.alloc(Math.min(SNIFF_BYTES, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
      if (format === 'parquet' && size >= 8) {
        const t = Buffer.alloc(4);
        await fh.read(t, 0, 4, size - 4);
        tail = t;
      }
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw fileError(e, path);
  }
  const content = sniffContent(head);
  if (content === 'empty') throw new AntidoteError('invalid_input', `${path} is empty`, { file: path });
  if (!accepts(format, content)) {
    const expected = { csv: 'a CSV file', jsonl: 'a JSON Lines file', parquet: 'a Parquet file', npy: 'a NumPy .npy file' }[format];
    const looks = content === 'text' && format === 'jsonl' ? 'text whose first line is not a JSON object' : CONTENT_NAMES[content];
    throw new AntidoteError('invalid_input', `${path} is not ${expected}: it looks like ${looks}${RENAME_HINT[content] ?? ''}`, { file: path });
  }
  if (format === 'parquet' && !startsWith(tail, [0x50, 0x41, 0x52, 0x31])) {
    throw new AntidoteError('invalid_input', `${path} is truncated: a Parquet file ends with PAR1, this one does not`, { file: path });
  }
  return format;
}
