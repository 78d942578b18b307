/** Poisoning simulators: label flips, backdoors, clean-label poisons, and the attack success rate. */
export { ATTACK_KINDS, type AttackKind, type JsonValue, type PoisonManifest, type LabelPoisoning, type FeaturePoisoning, type TextPoisoning } from './poison-result.js';
export { inputSha256, type HashPart } from './input-hash.js';
export { poisonCount } from './poison-rows.js';
export { attackSuccessRate, type Predict } from './attack-success-rate.js';
export { randomLabelFlip, type RandomLabelFlipOptions } from './random-label-flip.js';
export { targetedLabelFlip, type TargetedLabelFlipOptions } from './targeted-label-flip.js';
export { lossMaximisingLabelFlip, type LossMaximisingLabelFlipOptions } from './loss-maximising-label-flip.js';
export { fitSoftmaxSurrogate, surrogateProba, surrogatePredict, surrogateLoss, surrogateInputGradient, type SoftmaxSurrogate, type SurrogateOptions } from './softmax-surrogate.js';
export { type BackdoorOptions } from './backdoor-poisoning.js';
export { imagePatchBackdoor, applyPatchTrigger, PATCH_CORNERS, type PatchCorner, type ImageShape, type PatchTrigger, type ImagePatchBackdoorOptions } from './image-patch-backdoor.js';
export { blendedBackdoor, applyBlendedTrigger, noisePattern, type BlendedTrigger, type BlendedBackdoorOptions } from './blended-backdoor.js';
export { textTriggerBackdoor, applyTextTrigger, insertTriggerPhrase, type TextTriggerBackdoorOptions } from './text-trigger-backdoor.js';
export { featureTriggerBackdoor, applyFeatureTrigger, type FeatureTrigger, type FeatureTriggerBackdoorOptions } from './feature-trigger-backdoor.js';
export { featureCollision, type FeatureCollisionOptions } from './feature-collision.js';
export { represent, collisionGradient, type Representation, type LinearRepresentation, type FunctionRepresentation, type IdentityRepresentation } from './representation.js';
export { labelConsistentBackdoor, type LabelConsistentBackdoorOptions } from './label-consistent-backdoor.js';
