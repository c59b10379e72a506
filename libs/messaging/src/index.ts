export * from './consumer-app';
export * from './event-consumer';
export * from './kafka';
export * from './messaging.module';
export * from './messaging.options';
export * from './metrics';
export * from './outbox';
export * from './schema';
