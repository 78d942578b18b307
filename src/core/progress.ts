/**
 * How long work reports how far it got, without knowing who listens (a terminal bar, an HTTP
 * event stream, nothing). `done` and `total` are in the unit the caller names (bytes, rows, columns).
 */
export interface Progress {
  /** Starts (or restarts) a phase of `total` units; total 0 means unknown. */
  start(label: string, total: number): void;
  /** Sets how many units of the current phase are done. */
  update(done: number): void;
  /** Ends the current phase. */
  finish(): void;
}

/** A progress sink that ignores everything. */
export const silentProgress: Progress = {
  start() {},
  update() {},
  finish() {},
};
