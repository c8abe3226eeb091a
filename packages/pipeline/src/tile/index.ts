export {
  type KeptTileArtifacts,
  keepFailedTileArtifacts,
  type TileArtifactKeys,
  writeTileArtifacts,
} from './artifacts.js';
export { type RunStepTilesInput, runStepTiles, type StepTilesResult } from './run-step-tiles.js';
export { type RunTileInput, runTile, withTileArtifacts } from './run-tile.js';
export {
  BLEND_METHODS,
  type BlendMethod,
  COLOR_TRANSFERS,
  type ColorTransfer,
  DEFAULT_BLEND_METHOD,
  DEFAULT_COLOR_TRANSFER,
  isBlendMethod,
} from './seam.js';
export type {
  Compositor,
  TileArtifact,
  TileArtifacts,
  TileGeneratorRecord,
  TilePhase,
  TileProgress,
  TileResult,
  TileSettings,
  TileTimings,
} from './types.js';
