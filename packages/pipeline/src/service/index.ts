export { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from './config.js';
export { createPipeline, type PipelineDeps, type PipelineHandle } from './create-pipeline.js';
export type {
  CanvasView,
  CreateRoomInput,
  CreateRoomOutcome,
  ExportView,
  Pipeline,
  PipelineEvent,
  ReadInput,
  StartSource,
  SubmitRefusal,
  SubmitStepInput,
  SubmitStepOutcome,
  TileView,
  Viewer,
} from './pipeline.js';
export { stepRequestHash } from './request-hash.js';
export { runStep, type StepRunnerDeps, type StepRunOutcome } from './run-step.js';
export { isFolded, visibleRect } from './visibility.js';
