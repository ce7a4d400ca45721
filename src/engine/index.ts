// The engine for Node tools (trainer, simulator, reference server): pure logic, no DOM, no worker.
export { assignCluster, HYSTERESIS, type Assignment } from './assignCluster';
export { compileRule } from './compileRule';
export { createEngine, type Engine, type EngineState } from './createEngine';
export { FEATURE_NAMES, TRAIN_FEATURES, type FeatureName, type Features } from './featureNames';
export { DEFAULT_WEIGHTS, SIGNALS } from './features/sessionSignals';
export { modelSchema, parseModel, type Model } from './modelSchema';
export type { CompiledRule, Rule } from './rule';
export {
  forgetRequestSchema, parseSyncPayload, syncBatchSchema, syncChangeSchema, syncPayloadSchema,
  type ForgetRequest, type SyncBatch, type SyncChange, type SyncPayload,
} from './syncSchema';
export type { Membership, SegEvent, SegmentChange } from './types';
