// Browser tests: the portal in headless Chromium (Debian's package, driven by playwright-core) against the
// real services, Kafka and PostgreSQL, at phone and desktop width, with axe-core on every page.
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/browser/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 180000,
};
