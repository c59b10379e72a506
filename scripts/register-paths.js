// Resolves the @mpp/* path aliases when running compiled code: the aliases are the `paths` of
// tsconfig.base.json (their one definition), pointed at the compiled output that holds the entry script.
// Each deployable is built into dist/<project root>/ (`nx build <project>`), with the libraries it uses
// beside it, e.g. dist/services/permit-issuance/{services/permit-issuance,libs/*}/src/**.js.
// Usage: node -r ./scripts/register-paths.js dist/services/<svc>/services/<svc>/src/main.js
//        (in the image, where the build output is /app/dist: dist/services/<svc>/src/main.js)
const fs = require('node:fs');
const path = require('node:path');
const { register } = require('tsconfig-paths');

const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'tsconfig.base.json'), 'utf8'));

/** The nearest folder above the entry script that holds compiled libraries (`libs/`): the output root. */
function outputRoot(entry) {
  for (let dir = path.dirname(path.resolve(entry)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'libs'))) return dir;
  }
  throw new Error(`register-paths: no compiled libs/ folder above ${entry}; build it first (npx nx build <project>)`);
}

const paths = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, ''))]),
);
register({ baseUrl: outputRoot(process.argv[1]), paths, addMatchAll: false });
