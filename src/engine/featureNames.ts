import { FEATURE_TABLE, type FeatureDefinition } from './features/featureTable';

export type FeatureName = keyof typeof FEATURE_TABLE;

/** Every feature the engine computes, in a fixed order (the order of model feature vectors is the model's own). */
export const FEATURE_NAMES = Object.keys(FEATURE_TABLE) as readonly FeatureName[];

/** The features a first model is trained on when the model in force names none: those a visitor's behaviour sets. */
export const TRAIN_FEATURES: readonly FeatureName[] = FEATURE_NAMES.filter((name) => (FEATURE_TABLE[name] as FeatureDefinition).train);

/** Feature values by name. */
export type Features = Record<FeatureName, number>;
