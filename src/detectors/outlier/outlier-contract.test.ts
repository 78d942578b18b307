// The shared detector contract, run over every outlier detector through its registry entry.
import { detectorContract } from '../../../test/contracts/detector-contract.js';
import { OUTLIER_DETECTORS } from './index.js';

for (const entry of OUTLIER_DETECTORS) {
  detectorContract({ name: entry.name, create: (rng, contamination) => entry.factory({ rng, contamination }) });
}
