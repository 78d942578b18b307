/**
 * Statistical tests and divergences for drift and poisoning checks, each pinned to a scipy /
 * numpy reference. Every test returns at least { statistic, pValue, effectSize }.
 */
export type { TestResult } from './test-result.js';
export type { NumericSample } from './sample-validation.js';

export {
  ksTwoSample,
  ksPValue,
  ksStatisticSorted,
  KS_ALTERNATIVES,
  KS_METHODS,
  type KsAlternative,
  type KsMethod,
  type KsTwoSampleOptions,
  type KsTwoSampleResult,
  type KsStatistics,
} from './ks-two-sample.js';
export { ksTwoSampleExactPValue, ksTwoSampleAsymptoticPValue } from './ks-two-sample-distribution.js';
export {
  chiSquareTest,
  chiSquareContingency,
  type ChiSquareTestOptions,
  type ChiSquareTestResult,
  type ChiSquareContingencyOptions,
  type ChiSquareContingencyResult,
  type ContingencyTable,
  type PoolingOption,
} from './chi-square-test.js';
export { psi, psiFromProportions, type PsiOptions, type PsiResult } from './psi.js';
export { jensenShannon, type JensenShannonOptions, type JensenShannonResult } from './jensen-shannon.js';
export { wasserstein, wassersteinFromQuantiles, type WassersteinResult } from './wasserstein.js';
export { mmdTest, medianBandwidth, type MmdTestOptions, type MmdTestResult } from './mmd-test.js';
export { benjaminiHochberg } from './benjamini-hochberg.js';
export {
  correlationDifference,
  pearsonCorrelationMatrix,
  type CorrelationDifferenceResult,
  type CorrelationMatrix,
} from './correlation-difference.js';

export { normalCdf, normalSf, normalPdf, normalPpf } from './normal-distribution.js';
export { chiSquareCdf, chiSquareSf, chiSquareQuantile } from './chi-square-distribution.js';
export { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma-functions.js';
export { kolmogorovSf, kolmogorovCdf, kolmogorovLimitSf, kolmogorovLimitCdf } from './kolmogorov-distribution.js';
export { smirnovSf, smirnovCdf } from './smirnov-distribution.js';
export { linearQuantiles } from './linear-quantile.js';
export { binomialTestGreater } from './binomial-test.js';
