#!/usr/bin/env node
// Applies deploy/kafka/acls.conf to a running broker as the super user admin: creates the platform's
// topics that are missing and makes the ACLs of the principals named there exactly those of the file
// (missing ones are added, others of those principals removed). Idempotent; kafka.sh start runs it.
//
// Usage: node security.cjs [brokers]   (default: $KAFKA_BROKERS or 127.0.0.1:9092)
//   KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD  the admin login (kafka.sh sets them)
//   ACLS_FILE                                  another table (default deploy/kafka/acls.conf)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const kafkajs = createRequire(path.join(repoRoot, 'package.json'))('kafkajs');
const { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

const RESOURCE = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP, cluster: AclResourceTypes.CLUSTER };
const PATTERN = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED };

/** Parses the table: `topic <name> <partitions>` and `allow <principal> <operation> <resource> <pattern> <name>`. */
function parse(text, file) {
  const topics = [];
  const acls = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const fields = line.split(/\s+/);
    const where = `${file}:${i + 1}`;
    if (fields[0] === 'topic' && fields.length === 3 && /^\d+$/.test(fields[2])) {
      topics.push({ topic: fields[1], numPartitions: Number(fields[2]), replicationFactor: 1 });
    } else if (fields[0] === 'allow' && fields.length === 6) {
      const [, principal, operation, resource, pattern, name] = fields;
      const op = AclOperationTypes[operation.toUpperCase()];
      if (op === undefined || !(resource in RESOURCE) || !(pattern in PATTERN)) throw new Error(`${where}: unknown operation, resource or pattern`);
      acls.push({
        principal: `User:${principal}`,
        host: '*',
        operation: op,
        permissionType: AclPermissionTypes.ALLOW,
        resourceType: RESOURCE[resource],
        resourcePatternType: PATTERN[pattern],
        resourceName: name,
      });
    } else {
      throw new Error(`${where}: expected "topic <name> <partitions>" or "allow <principal> <operation> <resource> <pattern> <name>"`);
    }
  });
  return { topics, acls };
}

const key = (a) => [a.principal, a.host, a.operation, a.permissionType, a.resourceType, a.resourcePatternType, a.resourceName].join('|');

async function main() {
  const file = process.env.ACLS_FILE || path.join(repoRoot, 'deploy', 'kafka', 'acls.conf');
  const { topics, acls } = parse(fs.readFileSync(file, 'utf8'), file);
  const brokers = (process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  const username = process.env.KAFKA_SASL_USERNAME;
  const password = process.env.KAFKA_SASL_PASSWORD;
  if (!username || !password) throw new Error('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (a super user) are needed');
  const kafka = new Kafka({
    clientId: 'kafka-local-security',
    brokers,
    logLevel: logLevel.NOTHING,
    sasl: { mechanism: 'scram-sha-512', username, password },
    ssl: false,
    connectionTimeout: 3000,
    requestTimeout: 10000,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length) await admin.createTopics({ waitForLeaders: true, topics: missing });

    const wanted = new Map(acls.map((a) => [key(a), a]));
    const have = new Map();
    for (const principal of new Set(acls.map((a) => a.principal))) {
      const { resources } = await admin.describeAcls({
        principal,
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      for (const r of resources) {
        for (const a of r.acls) {
          const acl = { ...a, resourceType: r.resourceType, resourceName: r.resourceName, resourcePatternType: r.resourcePatternType };
          have.set(key(acl), acl);
        }
      }
    }
    const add = [...wanted.keys()].filter((k) => !have.has(k)).map((k) => wanted.get(k));
    const remove = [...have.keys()].filter((k) => !wanted.has(k)).map((k) => have.get(k));
    if (add.length) await admin.createAcls({ acl: add });
    if (remove.length) await admin.deleteAcls({ filters: remove });
    console.log(`kafka security: ${topics.length} topics (${missing.length} created), ${acls.length} ACLs (${add.length} added, ${remove.length} removed)`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((err) => {
  console.error(`kafka security: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
