export {
  decodeImage,
  decodeImageRgba,
  encodeMaskPng,
  encodePng,
  ImageDecodeError,
} from './codec.js';
export { sha256Hex } from './hash.js';
export {
  DEFAULT_START_IMAGE_LIMITS,
  type NormalizedStartImage,
  normalizeStartImage,
  START_IMAGE_PX,
  StartImageError,
  type StartImageErrorCode,
  type StartImageFormat,
  type StartImageLimits,
} from './start-image.js';
export { isStarterName, STARTER_NAMES, type StarterName, starterImage } from './starter.js';
