// Resolves the @mpp/* path aliases of tsconfig.base.json to the compiled libraries under dist/.
// Usage: node -r ./scripts/register-paths.js dist/services/<service>/src/main.js
const path = require('node:path');
const { register } = require('tsconfig-paths');

register({ baseUrl: path.join(__dirname, '..', 'dist'), paths: { '@mpp/dev-issuer': ['tools/dev-issuer/src'], '@mpp/*': ['libs/*/src'] } });
