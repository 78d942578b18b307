/**
 * The shape every statistical test in this folder returns, so callers (drift monitors, reports,
 * the registry) can read any of them the same way.
 */

/** The fields common to every test result; each test adds its own (for example `dof`). */
export interface TestResult {
  /** The test statistic (for a distance, the distance itself). */
  readonly statistic: number;
  /** The p-value, or null where the method defines none (distances, PSI, a test with nothing left to test). */
  readonly pValue: number | null;
  /** How large the difference is (Cramér's V, D, |r1 - r2|, or a distance in the data's units); 0 means none. */
  readonly effectSize: number;
}
