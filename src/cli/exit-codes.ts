/** The CLI's exit codes, documented in the README. */
export const EXIT = {
  /** Done; for scan and drift: the verdict is `accept`. */
  ok: 0,
  /** Bad usage or bad input (a flag, a file, a value): the message says which. */
  badInput: 1,
  /** An internal error: a bug, reported with its stack. */
  internal: 2,
  /** A scan or drift check whose verdict is not `accept`. */
  notAccepted: 3,
} as const;
