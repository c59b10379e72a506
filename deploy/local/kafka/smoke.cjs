#!/usr/bin/env node
// Smoke test: kafkajs (from the repo root node_modules) against a running broker.
//
// Usage: KAFKA_BROKERS=127.0.0.1:9092 node deploy/local/kafka/smoke.cjs
//   KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD  SCRAM-SHA-512 login with rights to create topics and groups
//                    (default: admin / $KAFKA_ADMIN_PASSWORD or admin-dev-secret, the local broker's super user)
//   SMOKE_LOG_LEVEL  kafkajs log level: NOTHING (default), ERROR, WARN, INFO, DEBUG
//                    (ERROR shows the expected, retried 'coordinator not available/loading'
//                    responses on a fresh broker)
//
// Prints one PASS/FAIL line per step; exits 1 on the first failure, or after 60 s overall.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const requireFromRoot = createRequire(path.join(repoRoot, 'package.json'));
const kafkajs = requireFromRoot('kafkajs');
const { Kafka, logLevel, Partitioners } = kafkajs;

const OVERALL_TIMEOUT_MS = 60_000;
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
const level = logLevel[(process.env.SMOKE_LOG_LEVEL || 'NOTHING').toUpperCase()] ?? logLevel.NOTHING;

const run = `${Date.now()}-${process.pid}`;
const topic = `smoke-${run}`;
const txTopic = `smoke-tx-${run}`;
const groupId = `smoke-group-${run}`;
const txGroupId = `smoke-tx-group-${run}`;
const COUNT = 30;

const kafka = new Kafka({
  clientId: 'kafka-local-smoke',
  brokers,
  logLevel: level,
  connectionTimeout: 3000,
  requestTimeout: 10000,
  retry: { retries: 5, initialRetryTime: 200 },
  sasl: {
    mechanism: 'scram-sha-512',
    username: process.env.KAFKA_SASL_USERNAME || 'admin',
    password: process.env.KAFKA_SASL_PASSWORD || process.env.KAFKA_ADMIN_PASSWORD || 'admin-dev-secret',
  },
  ssl: false,
});

let failed = false;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(2)}s`;

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    console.log(`PASS ${name} (${Date.now() - t0} ms)${detail ? `: ${detail}` : ''}`);
  } catch (err) {
    failed = true;
    console.log(`FAIL ${name} (${Date.now() - t0} ms): ${err && err.stack ? err.stack : err}`);
    throw err;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Consumes `expected` messages from `fromTopic` with a fresh group; returns them.
async function consumeAll(consumer, fromTopic, expected) {
  const received = [];
  let done;
  const allIn = new Promise((resolve) => {
    done = resolve;
  });
  await consumer.subscribe({ topics: [fromTopic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic: t, partition, message }) => {
      received.push({ topic: t, partition, message });
      if (received.length >= expected) done();
    },
  });
  await withTimeout(allIn, 30_000, `consume ${expected} messages from ${fromTopic}`);
  return received;
}

const admin = kafka.admin();
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
const consumerOpts = { sessionTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 500 };
const consumer = kafka.consumer({ groupId, ...consumerOpts });
const txProducer = kafka.producer({
  transactionalId: `smoke-tx-${run}`,
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const txConsumer = kafka.consumer({ groupId: txGroupId, readUncommitted: false, ...consumerOpts });
let topicsCreated = false;

async function main() {
  await step('admin connect + describeCluster', async () => {
    await admin.connect();
    const c = await admin.describeCluster();
    assert(c.brokers.length >= 1, 'no brokers');
    return `cluster ${c.clusterId}, controller ${c.controller}, brokers ${c.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`;
  });

  await step('admin createTopics (waitForLeaders)', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 3, replicationFactor: 1 },
        { topic: txTopic, numPartitions: 1, replicationFactor: 1 },
      ],
    });
    topicsCreated = true;
    assert(created === true, 'createTopics returned false (topic already existed?)');
    const md = await admin.fetchTopicMetadata({ topics: [topic, txTopic] });
    const parts = md.topics.map((t) => `${t.name}:${t.partitions.length}`).join(', ');
    assert(md.topics.find((t) => t.name === topic).partitions.every((p) => p.leader >= 0), 'partition without leader');
    return parts;
  });

  await step(`produce ${COUNT} keyed messages with headers (acks -1)`, async () => {
    await producer.connect();
    const messages = Array.from({ length: COUNT }, (_, i) => ({
      key: `key-${i % 5}`,
      value: JSON.stringify({ i, run }),
      headers: { 'x-smoke-run': run, 'x-index': String(i) },
    }));
    const res = await producer.send({ topic, acks: -1, messages });
    const partitions = new Set(res.map((r) => r.partition));
    assert(res.every((r) => r.errorCode === 0), `produce errors: ${JSON.stringify(res)}`);
    return `${res.length} partition result(s), partitions ${[...partitions].sort().join(',')}`;
  });

  await step('consume with consumer group (fromBeginning) + commitOffsets', async () => {
    await consumer.connect();
    const received = await consumeAll(consumer, topic, COUNT);
    assert(received.length === COUNT, `got ${received.length} messages, want ${COUNT}`);
    const byKey = new Map();
    for (const { partition, message } of received) {
      const body = JSON.parse(message.value.toString());
      assert(body.run === run, 'foreign message');
      assert(message.headers['x-smoke-run'].toString() === run, 'header x-smoke-run missing/wrong');
      assert(message.headers['x-index'].toString() === String(body.i), 'header x-index mismatch');
      const key = message.key.toString();
      assert(key === `key-${body.i % 5}`, 'key mismatch');
      const prev = byKey.get(key);
      assert(prev === undefined || prev === partition, `key ${key} on two partitions`);
      byKey.set(key, partition);
    }
    // Commit next offset per partition (last seen + 1).
    const next = new Map();
    for (const { partition, message } of received) {
      const o = BigInt(message.offset) + 1n;
      if (!next.has(partition) || next.get(partition) < o) next.set(partition, o);
    }
    await consumer.commitOffsets(
      [...next.entries()].map(([partition, offset]) => ({ topic, partition, offset: offset.toString() })),
    );
    return `${received.length} messages, keys stick to partitions, headers intact; committed ${next.size} partition offset(s)`;
  });

  await step('admin fetchOffsets (committed)', async () => {
    const res = await admin.fetchOffsets({ groupId, topics: [topic] });
    const t = res.find((r) => r.topic === topic);
    assert(t, 'topic missing in fetchOffsets');
    const total = t.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    assert(total === COUNT, `committed offsets sum to ${total}, want ${COUNT}: ${JSON.stringify(t.partitions)}`);
    return t.partitions.map((p) => `p${p.partition}=${p.offset}`).join(' ');
  });

  await consumer.disconnect();

  await step('transaction (idempotent, maxInFlightRequests 1) send + commit', async () => {
    await txProducer.connect();
    const txn = await txProducer.transaction();
    try {
      await txn.send({ topic: txTopic, messages: [{ key: 'tx', value: `committed-${run}` }] });
      await txn.commit();
    } catch (err) {
      await txn.abort().catch(() => {});
      throw err;
    }
    return 'committed';
  });

  await step('read_committed consumer sees the transactional message', async () => {
    await txConsumer.connect();
    const received = await consumeAll(txConsumer, txTopic, 1);
    const value = received[0].message.value.toString();
    assert(value === `committed-${run}`, `unexpected value ${value}`);
    return value;
  });

  await txConsumer.disconnect();

  await step('admin deleteTopics', async () => {
    await admin.deleteTopics({ topics: [topic, txTopic], timeout: 10000 });
    topicsCreated = false;
    return `${topic}, ${txTopic}`;
  });
}

async function cleanup() {
  await Promise.allSettled([consumer.disconnect(), txConsumer.disconnect(), producer.disconnect(), txProducer.disconnect()]);
  if (topicsCreated) {
    await admin.deleteTopics({ topics: [topic, txTopic], timeout: 5000 }).catch(() => {});
  }
  await admin.disconnect().catch(() => {});
}

const overall = setTimeout(() => {
  console.log(`FAIL overall timeout: smoke did not finish within ${OVERALL_TIMEOUT_MS / 1000}s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

console.log(`kafkajs ${requireFromRoot('kafkajs/package.json').version} -> ${brokers.join(',')}`);
main()
  .catch(() => {})
  .then(cleanup)
  .then(() => {
    clearTimeout(overall);
    console.log(`${failed ? 'FAIL' : 'PASS'} smoke (${elapsed()})`);
    process.exit(failed ? 1 : 0);
  });
