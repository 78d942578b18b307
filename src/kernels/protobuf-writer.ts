/**
 * A minimal Protocol Buffers (proto3 wire format) writer: varints, 32/64-bit fixed fields,
 * length-delimited bytes, strings and nested messages. Enough to emit ONNX models in code; it
 * does not parse.
 */
import { invalidInput } from '../core/errors.js';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

/**
 * Accumulates one message's fields in order. Nested messages are encoded separately and added
 * with {@link ProtobufWriter.message}, which length-prefixes them.
 *
 * @example
 * const w = new ProtobufWriter();
 * w.string(1, 'x').int64(2, 17);
 * w.finish(); // Uint8Array [0x0a, 0x01, 0x78, 0x10, 0x11]
 */
export class ProtobufWriter {
  private buf = new Uint8Array(64);
  private len = 0;

  /** A varint field (int32, int64, uint64, bool, enum). Negative values take ten bytes, as for int64. */
  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A `float` field (fixed32, little-endian IEEE 754 single precision). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, value, true);
    this.len += 4;
    return this;
  }

  /** A `double` field (fixed64, little-endian IEEE 754 double precision). */
  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, value, true);
    this.len += 8;
    return this;
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.raw(value);
    return this;
  }

  /** A `string` field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message field (`encoded` is the nested message's bytes, e.g. another writer's `finish()`). */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  /** The bytes written so far (a copy, so the writer can be discarded). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw invalidInput(`protobuf field number ${field} is out of range 1..536870911`);
    this.varint(field * 8 + wireType);
  }

  private varint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw invalidInput(`protobuf varint ${value} is not a safe integer; pass a bigint`);
      if (value < 0) {
        this.varint(BigInt(value));
        return;
      }
      this.reserve(10);
      let v = value;
      // Division rather than bit shifts: JS shifts truncate to 32 bits.
      while (v >= 0x80) {
        this.buf[this.len++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.buf[this.len++] = v;
      return;
    }
    if (value < -(1n << 63n) || value >= 1n << 64n) throw invalidInput(`protobuf varint ${value} does not fit in 64 bits`);
    let v = BigInt.asUintN(64, value);
    this.reserve(10);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
