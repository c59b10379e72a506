#!/usr/bin/env node
// Waits until a Kafka broker answers a metadata request (kafkajs admin describeCluster).
//
// Usage: node wait-ready.cjs [brokers] [--pid PID]
//   brokers              comma-separated host:port list (default: $KAFKA_BROKERS or 127.0.0.1:9092)
//   --pid PID            give up early (exit 3) as soon as process PID is gone
//   KAFKA_START_TIMEOUT  seconds to keep trying (default 120)
//   KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD  SCRAM-SHA-512 login (kafka.sh passes admin's)
//
// Exit codes: 0 ready, 1 timed out, 2 bad usage, 3 the watched process died.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

// kafkajs comes from the repo root's node_modules, whatever the cwd is.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const { Kafka, logLevel } = createRequire(path.join(repoRoot, 'package.json'))('kafkajs');

const args = process.argv.slice(2);
let brokersArg = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
let watchPid = null;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--pid') {
    watchPid = Number(args[(i += 1)]);
  } else {
    brokersArg = args[i];
  }
}
const timeoutSec = Number(process.env.KAFKA_START_TIMEOUT || 120);
if (!Number.isFinite(timeoutSec) || timeoutSec <= 0 || (watchPid !== null && !(watchPid > 0))) {
  console.error('usage: node wait-ready.cjs [brokers] [--pid PID]  (KAFKA_START_TIMEOUT > 0)');
  process.exit(2);
}
const brokers = brokersArg.split(',').map((b) => b.trim()).filter(Boolean);

const RETRY_MS = 250;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** SCRAM-SHA-512 login from KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD, when set (the broker refuses anonymous clients). */
function saslOptions() {
  const username = process.env.KAFKA_SASL_USERNAME;
  const password = process.env.KAFKA_SASL_PASSWORD;
  return username && password ? { sasl: { mechanism: 'scram-sha-512', username, password }, ssl: false } : {};
}

async function probe() {
  const kafka = new Kafka({
    clientId: 'kafka-local-wait-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    ...saslOptions(),
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? cluster : null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function main() {
  const deadline = Date.now() + timeoutSec * 1000;
  let lastError = 'no answer';
  for (;;) {
    if (watchPid !== null && !alive(watchPid)) {
      console.error(`kafka process ${watchPid} exited before ${brokers.join(',')} answered`);
      return 3;
    }
    try {
      const cluster = await probe();
      if (cluster) {
        console.log(`ready: ${brokers.join(',')} (cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s))`);
        return 0;
      }
      lastError = 'no brokers in metadata';
    } catch (err) {
      lastError = err && err.message ? err.message : String(err);
    }
    if (Date.now() + RETRY_MS > deadline) break;
    await sleep(RETRY_MS);
  }
  console.error(`not ready after ${timeoutSec}s: ${brokers.join(',')} (${lastError})`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
