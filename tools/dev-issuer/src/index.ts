export * from './demo-officers';
export * from './issuer';
