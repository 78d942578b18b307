/**
 * A typed array that grows by doubling, so column builders can append values of unknown count
 * while holding only numbers (never the text they were parsed from).
 */

/** The typed arrays a column can be stored in. */
export type ColumnStorage = Float64Array | Float32Array | Int32Array | Uint8Array;

/**
 * An append-only typed array with amortised O(1) `push`.
 *
 * @example
 * const a = new GrowableArray(Float64Array);
 * a.push(1.5);
 * a.toArray(); // Float64Array [1.5]
 */
export class GrowableArray<T extends ColumnStorage> {
  private data: T;
  private size = 0;

  constructor(
    private readonly make: new (length: number) => T,
    initialCapacity = 1024,
  ) {
    this.data = new make(Math.max(1, initialCapacity));
  }

  /** How many values have been appended. */
  get length(): number {
    return this.size;
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.size === this.data.length) this.reserve(1);
    this.data[this.size++] = value;
  }

  /** Appends `count` copies of `value`. */
  fill(value: number, count: number): void {
    this.reserve(count);
    this.data.fill(value, this.size, this.size + count);
    this.size += count;
  }

  /** Appends every value of `values`. */
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    const d = this.data;
    for (let i = 0; i < values.length; i++) d[this.size + i] = values[i]!;
    this.size += values.length;
  }

  /** Makes room for `extra` more values without reallocating on the next pushes. */
  reserve(extra: number): void {
    const needed = this.size + extra;
    if (needed <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new this.make(capacity);
    next.set(this.data.subarray(0, this.size) as ArrayLike<number> & T);
    this.data = next;
  }

  /**
   * The values, exactly `length` long. Copies only when more than a quarter of the capacity is
   * unused, so a finished column wastes little memory; the builder must not be used afterwards.
   */
  toArray(): T {
    if (this.size * 4 >= this.data.length * 3) return this.data.subarray(0, this.size) as T;
    return this.data.slice(0, this.size) as T;
  }
}
