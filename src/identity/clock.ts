/**
 * Time as an injected dependency, so lockouts, expiries and session lifetimes can be tested by
 * moving a clock instead of sleeping.
 */

/** A source of the current time in milliseconds since the Unix epoch. */
export interface Clock {
  nowMs(): number;
}

/** The real wall clock (`Date.now()`). */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
};

/**
 * A clock that only moves when told to: for tests and simulations.
 *
 * @example
 * const clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
 * clock.advance(15 * 60_000); // fifteen minutes later, instantly
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs: number) {
    this.current = startMs;
  }

  nowMs(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` (never backward: a negative step is rejected). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock step must be >= 0 ms, got ${ms}`);
    this.current += ms;
  }
}
