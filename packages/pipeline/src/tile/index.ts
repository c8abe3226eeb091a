export {
  type KeptTileArtifacts,
  keepFailedTileArtifacts,
  type TileArtifactKeys,
  writeTileArtifacts,
} from './artifacts.js';
export { type RunStepTilesInput, runStepTiles, type StepTilesResult } from './run-step-tiles.js';
export { type RunTileInput, runTile, withTileArtifacts } from './run-tile.js';
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
