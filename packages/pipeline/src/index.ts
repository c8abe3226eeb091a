export * from './canvas/index.js';
export {
  classifyError,
  type FailedTileArtifacts,
  isStepFailureCode,
  STEP_FAILURE_CODES,
  StepFailure,
  type StepFailureCode,
  stepFailureMessage,
  throwIfAborted,
} from './failure.js';
export * from './image/index.js';
export * from './service/index.js';
export * from './tile/index.js';
