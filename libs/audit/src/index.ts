export * from './audit-trail';
export * from './audit.module';
export * from './schema';
export * from './audit-chain';
