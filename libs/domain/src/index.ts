// Domain reference data and rules for UMKM licensing in an MPP (framework-free; see docs/rules/).
export * from './errors';
export * from './scale';
export * from './kbli';
export * from './rule-sets';
export * from './permits';
export * from './regions';
export * from './offices';
export * from './nik';
export * from './npwp';
export * from './validators';
export * from './permit-number';
export * from './working-days';
export * from './documents';
