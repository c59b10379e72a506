// Integration tests: *.int-spec.ts against the real PostgreSQL and Kafka (started by scripts/test.sh,
// or by the global setup when run alone).
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{libs,services}/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 60000,
};
