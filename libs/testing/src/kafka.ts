import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { EachMessagePayload, Kafka, logLevel } from 'kafkajs';
import { REPO_ROOT, TEST_KAFKA_BROKERS } from './env';
import { ServiceName } from './services';

/** A SCRAM-SHA-512 login on the test broker. */
export interface KafkaLogin {
  username: string;
  password: string;
}

/**
 * The super user of the test broker, with the development password of deploy/local/kafka/kafka.sh
 * (KAFKA_ADMIN_PASSWORD overrides it there and here).
 */
export const TEST_KAFKA_ADMIN: KafkaLogin = { username: 'admin', password: process.env.KAFKA_ADMIN_PASSWORD ?? 'admin-dev-secret' };

const PRINCIPAL_PASSWORD_VARIABLES: Record<ServiceName, string> = {
  'application-intake': 'KAFKA_INTAKE_PASSWORD',
  'document-verification': 'KAFKA_VERIFICATION_PASSWORD',
  'permit-issuance': 'KAFKA_ISSUANCE_PASSWORD',
  notification: 'KAFKA_NOTIFICATION_PASSWORD',
};

/** A service's own Kafka principal (its name) with the development password kafka.sh created it with. */
export function servicePrincipal(service: ServiceName): KafkaLogin {
  return { username: service, password: process.env[PRINCIPAL_PASSWORD_VARIABLES[service]] ?? `${service}-dev-secret` };
}

/** The environment that makes a service log in to Kafka as its own principal. */
export function serviceKafkaEnv(service: ServiceName): { KAFKA_SASL_USERNAME: string; KAFKA_SASL_PASSWORD: string } {
  const { username, password } = servicePrincipal(service);
  return { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password };
}

/** A client of the test broker; as its super user unless another `login` is given (`null`: anonymous). */
export function testKafka(clientId = 'tests', login: KafkaLogin | null = TEST_KAFKA_ADMIN): Kafka {
  return new Kafka({
    clientId,
    brokers: TEST_KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
    ...(login ? { sasl: { mechanism: 'scram-sha-512' as const, ...login }, ssl: false } : {}),
  });
}

const KAFKA_SCRIPT = path.join(REPO_ROOT, 'deploy/local/kafka/kafka.sh');

function brokerPort(): string {
  return TEST_KAFKA_BROKERS.split(',')[0].split(':')[1];
}

export function kafkaIsUp(): boolean {
  try {
    execFileSync('bash', [KAFKA_SCRIPT, 'status'], { env: { ...process.env, KAFKA_PORT: brokerPort() }, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the test broker from the Maven-resolved jars and waits until it answers: with a fresh data dir,
 * or (`keepData`) with the data it had, like a broker coming back after an outage.
 */
export function startTestKafka(options: { keepData?: boolean } = {}): void {
  const env = { ...process.env, KAFKA_PORT: brokerPort() };
  if (!options.keepData) execFileSync('bash', [KAFKA_SCRIPT, 'clean'], { env, stdio: 'inherit' });
  execFileSync('bash', [KAFKA_SCRIPT, 'start'], { env, stdio: 'inherit' });
}

export function stopTestKafka(): void {
  execFileSync('bash', [KAFKA_SCRIPT, 'stop'], { env: { ...process.env, KAFKA_PORT: brokerPort() }, stdio: 'inherit' });
}

/**
 * Stops the test broker and starts it again with its data, like a broker restarted in production, without
 * blocking the event loop (the chaos test keeps submitting meanwhile). Resolves once it answers again.
 */
export async function restartTestKafka(): Promise<void> {
  const env = { ...process.env, KAFKA_PORT: brokerPort() };
  // Its output goes to ours, not through a pipe: the broker started in the background would keep a pipe open.
  const run = (command: string) =>
    new Promise<void>((resolve, reject) => {
      spawn('bash', [KAFKA_SCRIPT, command], { env, stdio: 'inherit' }).once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`kafka.sh ${command} exited with ${code}`)),
      );
    });
  await run('stop');
  await run('start');
}

export interface CollectedMessage {
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** A filter that throws (say, `JSON.parse` of a poison record another test left on the topic) does not match. */
function matches(filter: (m: CollectedMessage) => boolean, m: CollectedMessage): boolean {
  try {
    return filter(m);
  } catch {
    return false;
  }
}

/**
 * Reads `topic` from the beginning with a throw-away consumer group until `count` messages matching
 * `filter` arrived or the timeout passed; returns what matched. Topics hold poison records of other tests
 * (e2e/kafka-poison.e2e-spec.ts), so a filter that throws on a record counts as not matching it.
 */
export async function collectMessages(
  kafka: Kafka,
  topic: string,
  options: { count: number; timeoutMs?: number; filter?: (m: CollectedMessage) => boolean },
): Promise<CollectedMessage[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const found: CollectedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.timeoutMs ?? 20000);
      void consumer.run({
        eachMessage: async ({ message }: EachMessagePayload) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) if (v != null) headers[k] = v.toString();
          const m = { topic, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers };
          if (!options.filter || matches(options.filter, m)) found.push(m);
          if (found.length >= options.count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return found;
}
