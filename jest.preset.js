// Shared Jest settings: TypeScript through ts-jest (transpile only; `npm run build` type-checks),
// and the @mpp/* path aliases of tsconfig.base.json.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: path.join(root, 'tsconfig.spec.json'), diagnostics: false },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@mpp/(audit|auth|contracts|domain|messaging|persistence|platform|testing)$': `${root}/libs/$1/src/index.ts`,
    '^@mpp/dev-issuer$': `${root}/tools/dev-issuer/src/index.ts`,
  },
};
