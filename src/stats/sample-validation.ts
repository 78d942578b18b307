/**
 * Input checks shared by the tests: every violation throws AntidoteError('invalid_input') with a
 * message that names the value, its position and the rule it breaks.
 */
import { AntidoteError } from '../core/errors.js';

/** A numeric sample as the tests accept it. */
export type NumericSample = Float64Array | Float32Array | readonly number[];

/** What a sample must satisfy. */
export interface SampleRule {
  /** Smallest allowed length (default 1). */
  readonly minLength?: number;
  /** Reject ±Infinity as well as NaN (default true). */
  readonly finite?: boolean;
  /** Reject negative values (default false). */
  readonly nonNegative?: boolean;
}

/** Throws invalid_input unless `values` satisfies `rule`; `name` is how the message refers to it. */
export function checkSample(name: string, values: NumericSample, rule: SampleRule = {}): void {
  const minLength = rule.minLength ?? 1;
  const finite = rule.finite ?? true;
  if (values.length < minLength) {
    throw new AntidoteError(
      'invalid_input',
      values.length === 0 ? `${name} is empty; it needs at least ${minLength} value${minLength === 1 ? '' : 's'}` : `${name} has ${values.length} values; it needs at least ${minLength}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new AntidoteError('invalid_input', `${name}[${i}] is NaN; missing values are not allowed here (drop them first)`);
    if (finite && !Number.isFinite(v)) throw new AntidoteError('invalid_input', `${name}[${i}] is ${v}; values must be finite`);
    if (rule.nonNegative && v < 0) throw new AntidoteError('invalid_input', `${name}[${i}] is ${v}; values must be non-negative`);
  }
}

/** Throws invalid_input unless `value` is an integer >= `min`. */
export function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new AntidoteError('invalid_input', `${name} is ${value}; it must be an integer >= ${min}`);
  }
}

/** Throws invalid_input unless `value` is one of `choices`. */
export function checkChoice<T extends string>(name: string, value: string, choices: readonly T[]): asserts value is T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new AntidoteError('invalid_input', `unknown ${name} "${value}"; available: ${choices.join(', ')}`);
  }
}

/** A Float64Array copy of (or, for a Float64Array, a view on) `values`. */
export function asFloat64(values: NumericSample): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}
