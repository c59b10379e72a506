export * from './database';
export * from './env';
export * from './kafka';
export * from './services';
export * from './migrations';
export * from './service-harness';
export * from './audit-trail';
export * from './smtp';
