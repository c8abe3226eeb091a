export * from './audit.js';
export * from './canvas.js';
export * from './credits.js';
export * from './enums.js';
export * from './events.js';
export * from './rooms.js';
export * from './steps.js';
export * from './users.js';
