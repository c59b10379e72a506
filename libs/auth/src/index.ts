export * from './roles';
export * from './officer';
export * from './claims';
export * from './jwks';
export * from './token-verifier';
export * from './decorators';
export * from './guards';
export * from './auth.module';
