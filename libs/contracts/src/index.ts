import 'reflect-metadata';
export * from './enums';
export * from './envelope';
export * from './topics';
export * from './events/common';
export * from './events/application-submitted';
export * from './events/verification-started';
export * from './events/documents-verified';
export * from './events/permit-issued';
