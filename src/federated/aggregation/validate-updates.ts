/**
 * The checks every aggregation rule runs on its input before any arithmetic, so that each rule
 * rejects an empty round, unequal lengths and bad example counts with the same message.
 */
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';

/** The shape of a validated round: `n` clients, `d` values each. */
export interface RoundShape {
  readonly n: number;
  readonly d: number;
}

/**
 * Checks that a round has at least `minClients` updates, all of one length, each with a finite,
 * non-negative `numExamples`; returns `{ n, d }`.
 *
 * The values themselves are not scanned (that would cost a pass over all of them): they must be
 * finite, a NaN gives an unspecified result.
 *
 * @throws AntidoteError `invalid_input` naming the rule, the client and the rule broken.
 */
export function validateUpdates(updates: readonly ClientUpdate[], rule: string, minClients = 1): RoundShape {
  if (!Array.isArray(updates) || updates.length === 0) {
    throw invalidInput(`${rule}: no client updates; a round needs at least ${Math.max(1, minClients)}`);
  }
  const first = updates[0]!;
  if (!(first.values instanceof Float32Array)) {
    throw invalidInput(`${rule}: updates[0].values must be a Float32Array`, { path: ['updates', 0, 'values'] });
  }
  const d = first.values.length;
  if (d === 0) throw invalidInput(`${rule}: updates have no values (length 0)`, { path: ['updates', 0, 'values'] });
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i]!;
    if (!(u.values instanceof Float32Array)) throw invalidInput(`${rule}: updates[${i}].values must be a Float32Array`, { path: ['updates', i, 'values'] });
    if (u.values.length !== d) {
      throw invalidInput(`${rule}: updates[${i}] has ${u.values.length} values but updates[0] has ${d}; every client must send the same length`, {
        path: ['updates', i, 'values'],
      });
    }
    if (!Number.isFinite(u.numExamples) || u.numExamples < 0) {
      throw invalidInput(`${rule}: updates[${i}].numExamples is ${u.numExamples}; it must be a finite number >= 0`, { path: ['updates', i, 'numExamples'] });
    }
  }
  if (updates.length < minClients) {
    throw invalidInput(`${rule}: ${updates.length} client updates, but the rule needs at least ${minClients}`);
  }
  return { n: updates.length, d };
}

/** Checks that an option is an integer in `[min, max]`; returns it. */
export function integerOption(value: unknown, name: string, rule: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(`${rule}: option ${name} is ${String(value)}; it must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? 'inf' : max}]`, { path: ['options', name] });
  }
  return value;
}

/** Checks that an option is a finite number in `[min, max]` (or `(min, max]` when `openMin`); returns it. */
export function numberOption(value: unknown, name: string, rule: string, min: number, max: number, openMin = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (openMin ? value > min : value >= min) && value <= max;
  if (!ok) {
    const lo = openMin ? `(${min}` : `[${min}`;
    throw invalidInput(`${rule}: option ${name} is ${String(value)}; it must be a number in ${lo}, ${max === Infinity ? 'inf)' : `${max}]`}`, { path: ['options', name] });
  }
  return value as number;
}

/** Checks that a reference vector (server update, previous global) has the round's length; returns it. */
export function vectorOption(value: unknown, name: string, rule: string, d: number): Float32Array {
  if (!(value instanceof Float32Array) || value.length !== d) {
    const got = value instanceof Float32Array ? `a Float32Array of length ${value.length}` : typeof value;
    throw invalidInput(`${rule}: option ${name} must be a Float32Array of length ${d} (the update length), got ${got}`, { path: ['options', name] });
  }
  return value;
}
