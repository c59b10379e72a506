// End-to-end tests: the three services as separate processes over HTTP, real Kafka and PostgreSQL.
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
  // The fault-injection run has its own configuration (jest.chaos.config.js) and step in scripts/test.sh.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/e2e/chaos\\.e2e-spec\\.ts$'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 180000,
};
