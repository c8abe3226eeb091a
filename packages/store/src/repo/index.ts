export * from './audit.js';
export * from './canvas.js';
export * from './credits.js';
export * from './events.js';
export * from './rooms.js';
export * from './sessions.js';
export * from './steps.js';
export type * from './types.js';
export * from './users.js';
