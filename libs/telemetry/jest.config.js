// Unit tests: *.spec.ts next to the code, no external services.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: require('./project.json').name,
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
