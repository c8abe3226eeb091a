export {
  artifactBlobKey,
  CellIndex,
  type CellRef,
  cellBlobKey,
  type TileArtifactKind,
  toCellIndex,
} from './cell-ref.js';
export { type ExportOptions, exportCanvasPng } from './export-png.js';
export { type LoadCellRefs, type PyramidCanvas, updatePyramid } from './pyramid.js';
export { CellReadError, readCell } from './read-cell.js';
export { type ReadRegionOptions, readRegion } from './read-region.js';
export { readWorkingCanvas } from './working.js';
export { storeCellPixels, type WorkingCanvas, writeCells } from './write-cells.js';
