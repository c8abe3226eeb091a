/** Side of every generator image (reference, mask, output), in pixels. */
export const TILE_PX = 1024 as const;

/** Depth of the conditioning band of old canvas inside a tile, and of each growth step. */
export const BAND_PX = 512 as const;

/** Side of a storage cell; the canvas frame is always aligned to this grid. */
export const CELL_PX = 512 as const;

/** Feather used when a room does not choose one. */
export const DEFAULT_FEATHER_PX = 128 as const;

/** Widest allowed feather: the whole old-canvas band of a tile. */
export const MAX_FEATHER_PX = 512 as const;

/** Maximum value of a blend weight or an 8-bit channel. */
export const WEIGHT_MAX = 255 as const;
