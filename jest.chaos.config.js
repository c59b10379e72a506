// The fault-injection run (e2e/chaos.e2e-spec.ts): the end-to-end settings for that one file. Its short form is a
// step of scripts/test.sh, its long form `npm run chaos` (scripts/chaos.sh).
const e2e = require('./jest.e2e.config.js');

module.exports = {
  ...e2e,
  displayName: 'chaos',
  testMatch: ['<rootDir>/e2e/chaos.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
