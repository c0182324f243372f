export * from './portal-user.js';
export * from './signed-in.guard.js';
export * from './return-to.js';
