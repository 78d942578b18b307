// The shared detector contract (test/contracts) run over every poison detector.
import { afterAll } from 'vitest';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { detectorContract } from '../../../test/contracts/detector-contract.js';
import { createActivationClustering } from './activation-clustering.js';
import { createConfidentLearning } from './confident-learning.js';
import { createDeepKnn } from './deep-knn.js';
import { createDuplicateConflicts } from './duplicate-conflicts.js';
import { createKnnLabelDisagreement } from './knn-label-disagreement.js';
import { createSpectralSignatures } from './spectral-signatures.js';
import { createSpectre } from './spectre.js';

afterAll(disposeMatmulBackends);

// Decides by itself: exactly cleanlab's label issues fall below 0, whatever the contamination.
detectorContract({ name: 'confident-learning', create: (rng, contamination) => createConfidentLearning({ rng, contamination }), planted: 'label-flips', honoursContamination: false });

detectorContract({ name: 'knn-label', create: (rng, contamination) => createKnnLabelDisagreement({ rng, contamination }), planted: 'label-flips' });

// The planted flips hold no duplicates, so only the fallback signal (distance to the nearest
// differently labelled row) ranks them; it decides by itself (conflicting groups below 0).
detectorContract({
  name: 'duplicate-labels',
  create: (rng, contamination) => createDuplicateConflicts({ rng, contamination }),
  planted: 'label-flips',
  honoursContamination: false,
  minAuroc: 0.8,
});

detectorContract({ name: 'spectral-signatures', create: (rng, contamination) => createSpectralSignatures({ rng, contamination }), planted: 'backdoor' });

detectorContract({ name: 'activation-clustering', create: (rng, contamination) => createActivationClustering({ rng, contamination }), planted: 'backdoor' });

detectorContract({ name: 'spectre', create: (rng, contamination) => createSpectre({ rng, contamination }), planted: 'backdoor' });

// Clean-label defence judged on flipped labels (a poison whose label disagrees with its
// neighbourhood); it applies the paper's plurality rule, so it decides by itself.
detectorContract({ name: 'deep-knn', create: (rng, contamination) => createDeepKnn({ rng, contamination }), planted: 'label-flips', honoursContamination: false });
