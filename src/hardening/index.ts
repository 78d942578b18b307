/** Hardening: training methods that make a model resist poisoned or adversarial data. */
export { trainMlp, mlpFromLayers, batchLosses, batchInputGradient, gatherBatch, type MlpBatch, type TrainingState, type MlpTrainingHooks } from './mlp-training-loop.js';
export { poisonAwareAugmentation, type TriggerFunction, type PoisonAwareAugmentationOptions, type AugmentedTrainingSet } from './poison-aware-augmentation.js';
export { fgsmExamples, type FgsmOptions, type InputGradientModel, type InputRange } from './fgsm-examples.js';
export { pgdExamples, type PgdOptions } from './pgd-examples.js';
export { adversarialTraining, ADVERSARIAL_METHODS, type AdversarialMethod, type AdversarialTrainingOptions } from './adversarial-training.js';
export { trimmedLossTraining, lowestLosses, type TrimmedLossTrainingOptions } from './trimmed-loss-training.js';
export { dpaCertificate, dpaVotes, type DpaCertificate, type DpaVotes } from './dpa-certificate.js';
export { DeepPartitionAggregation, dpaPartitions, type BaseClassifier, type BaseTrainer, type DeepPartitionAggregationOptions } from './deep-partition-aggregation.js';
