/**
 * Inspect and replay dead letters (platform team). Every service's build contains this tool:
 *   npm run dead-letters -- list <service>
 *   npm run dead-letters -- replay <service> [<partition>@<offset> ...]
 * (in an image: node -r ./scripts/register-paths.js dist/libs/messaging/src/dead-letters.cli.js …)
 * <service>: intake | verification | issuance. KAFKA_BROKERS as for the services. `replay` without positions
 * replays every letter of the topic.
 */
import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { errorText } from '@mpp/platform';
import { readDeadLetters, replayDeadLetters } from './dead-letters';

async function main(): Promise<void> {
  const [command, service, ...positions] = process.argv.slice(2);
  const topic = DEAD_LETTER_TOPICS[service as keyof typeof DEAD_LETTER_TOPICS];
  if (!['list', 'replay'].includes(command) || !topic) {
    throw new Error('usage: dead-letters list|replay intake|verification|issuance [<partition>@<offset> ...]');
  }
  const kafka = new Kafka({ clientId: 'dead-letters-cli', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.WARN });
  const letters = await readDeadLetters(kafka, topic);
  if (command === 'list') {
    for (const l of letters) {
      console.log(JSON.stringify({ at: `${l.partition}@${l.offset}`, from: `${l.originalTopic}/${l.originalPartition}@${l.originalOffset}`, reason: l.reason, error: l.error, attempts: l.attempts, failedAt: l.failedAt, key: l.key }));
    }
    console.log(`${letters.length} dead letter(s) in ${topic}`);
    return;
  }
  const chosen = positions.length ? letters.filter((l) => positions.includes(`${l.partition}@${l.offset}`)) : letters;
  console.log(`replayed ${await replayDeadLetters(kafka, chosen)} of ${letters.length} dead letter(s) from ${topic}`);
}

main().catch((err) => {
  console.error(errorText(err));
  process.exit(1);
});
