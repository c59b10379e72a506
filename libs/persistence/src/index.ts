export * from './data-source-options';
export * from './migrations';
export * from './database.module';
export * from './document-store';
