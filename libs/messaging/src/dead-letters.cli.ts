/**
 * Inspect and replay dead letters (platform team). Every service's build contains this tool:
 *   npm run dead-letters -- list <service>
 *   npm run dead-letters -- replay <service> <partition>@<offset> [...]
 * (in an image: node -r ./scripts/register-paths.js dist/libs/messaging/src/dead-letters.cli.js …)
 * <service>: intake | verification | issuance. KAFKA_BROKERS as for the services, and a Kafka login in
 * KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD that may read the dead-letter topic with its own consumer group
 * (`dead-letter-reader-…`) and, for `replay`, write the original topics: the super user admin (or an operator
 * principal with those ACLs; docs/operations.md). A service's own principal may not. `replay` also needs that
 * service's DATABASE_URL (its own role: each replay is recorded in its audit trail) and who replays, from
 * MPP_OPERATOR or else the OS user. Letters whose original topic the service does not consume are refused.
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { errorText } from '@mpp/platform';
import { kafkaClientConfig } from './kafka';
import { assertReplayable, DEAD_LETTER_SERVICES, isDeadLetterService, operatorName, readDeadLetters, replayDeadLetters, selectDeadLetters } from './dead-letters';

const USAGE = 'usage: dead-letters list <service> | replay <service> <partition>@<offset> ...; <service>: intake|verification|issuance';

async function main(): Promise<void> {
  const [command, service, ...args] = process.argv.slice(2);
  if (!['list', 'replay'].includes(command) || !service || !isDeadLetterService(service)) throw new Error(USAGE);
  const { deadLetterTopic: topic, schema, consumes } = DEAD_LETTER_SERVICES[service];
  if (command === 'replay' && args.length === 0) throw new Error(`${USAGE}\nname the letters to replay (see list)`);
  const operator = command === 'replay' ? operatorName(process.env.MPP_OPERATOR ?? userInfo().username) : '';
  const databaseUrl = process.env.DATABASE_URL;
  if (command === 'replay' && !databaseUrl) throw new Error(`replay needs DATABASE_URL of the ${service} service (its audit trail records each replay)`);

  const username = process.env.KAFKA_SASL_USERNAME;
  const password = process.env.KAFKA_SASL_PASSWORD;
  if (!username || !password) throw new Error('set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: a Kafka login allowed to read dead letters (admin locally; see docs/operations.md)');
  const kafka = new Kafka({
    ...kafkaClientConfig(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', 'dead-letters-cli', { username, password }),
    logCreator: undefined,
    logLevel: logLevel.WARN,
  });
  const letters = await readDeadLetters(kafka, topic);
  if (command === 'list') {
    for (const l of letters) {
      console.log(JSON.stringify({ at: `${l.partition}@${l.offset}`, from: `${l.originalTopic}/${l.originalPartition}@${l.originalOffset}`, reason: l.reason, error: l.error, attempts: l.attempts, failedAt: l.failedAt, key: l.key }));
    }
    console.log(`${letters.length} dead letter(s) in ${topic}`);
    return;
  }
  const chosen = selectDeadLetters(letters, args);
  assertReplayable(chosen, consumes);
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, schema, applicationName: 'dead-letters-cli', poolSize: 1, extra: { connectionTimeoutMillis: 5000 } });
  await dataSource.initialize();
  try {
    const replayed = await replayDeadLetters(kafka, chosen, { consumedTopics: consumes, dataSource, operator });
    console.log(`replayed ${replayed} of ${letters.length} dead letter(s) from ${topic}, recorded in ${schema}.audit_log as ${operator}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error(errorText(err));
  process.exit(1);
});
