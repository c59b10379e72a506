export * from './config';
export * from './errors';
export * from './health';
export * from './http-app';
export * from './logging';
export * from './platform.module';
export * from './request-context';
export * from './rate-limit';
