export * from './buffer.js';
export * from './channels.js';
export * from './color-match.js';
export * from './composite.js';
export * from './crop-paste.js';
export * from './downsample.js';
export * from './prefill.js';
export * from './verify.js';
