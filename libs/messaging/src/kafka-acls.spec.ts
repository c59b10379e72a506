import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { DEAD_LETTER_SERVICES, DeadLetterService } from './dead-letters';
import { kafkaClientConfig } from './kafka';

/**
 * deploy/kafka/acls.conf (the broker's topics and ACLs, locally and in Compose) against the code: the topics
 * of the catalogue, and for each service principal exactly what its consumer and producer need.
 */
const ACLS_FILE = join(__dirname, '..', '..', '..', 'deploy', 'kafka', 'acls.conf');

/** The principal of each service: its name, which is also its consumer group (MessagingModule.forService). */
const PRINCIPALS: Record<DeadLetterService, string> = {
  intake: 'application-intake',
  verification: 'document-verification',
  issuance: 'permit-issuance',
  notification: 'notification',
};

interface Allow {
  principal: string;
  operation: string;
  resource: string;
  pattern: string;
  name: string;
}

function parse(): { topics: [string, number][]; allows: Allow[] } {
  const topics: [string, number][] = [];
  const allows: Allow[] = [];
  for (const raw of readFileSync(ACLS_FILE, 'utf8').split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (fields[0] === 'topic') topics.push([fields[1], Number(fields[2])]);
    else if (fields[0] === 'allow') {
      const [, principal, operation, resource, pattern, name] = fields;
      allows.push({ principal, operation, resource, pattern, name });
    } else if (fields.length) throw new Error(`unexpected line in acls.conf: ${raw}`);
  }
  return { topics, allows };
}

describe('deploy/kafka/acls.conf', () => {
  const { topics, allows } = parse();

  it('creates every topic of the catalogue, and only those, with 3 partitions', () => {
    expect(topics.map(([t]) => t).sort()).toEqual([...ALL_TOPICS].sort());
    expect(topics.every(([, partitions]) => partitions === 3)).toBe(true);
  });

  it('grants nothing to anyone but the service principals', () => {
    expect([...new Set(allows.map((a) => a.principal))].sort()).toEqual(Object.values(PRINCIPALS).sort());
  });

  describe.each(Object.entries(PRINCIPALS) as [DeadLetterService, string][])('%s (principal %s)', (service, principal) => {
    const own = allows.filter((a) => a.principal === principal);
    const names = (operation: string, resource: string, pattern: string) =>
      own.filter((a) => a.operation === operation && a.resource === resource && a.pattern === pattern).map((a) => a.name).sort();

    it('reads exactly the topics its consumer subscribes to, through its own group only', () => {
      expect(names('Read', 'topic', 'literal')).toEqual([...DEAD_LETTER_SERVICES[service].consumes].sort());
      expect(names('Read', 'topic', 'prefixed')).toEqual([]);
      expect(names('Read', 'group', 'literal')).toEqual([principal]);
    });

    it('writes and creates only under its own prefix, which holds its events and its dead-letter topic', () => {
      const prefix = `mpp.${service}.`;
      expect(names('Write', 'topic', 'prefixed')).toEqual([prefix]);
      expect(names('Create', 'topic', 'prefixed')).toEqual([prefix]);
      expect(DEAD_LETTER_TOPICS[service].startsWith(prefix)).toBe(true);
      // No other service's topic falls under it.
      const others = ALL_TOPICS.filter((t) => !t.startsWith(prefix));
      expect(others.every((t) => Object.keys(PRINCIPALS).some((s) => s !== service && t.startsWith(`mpp.${s}.`)))).toBe(true);
    });

    it('may describe the platform topics (its start-up check) and nothing else is granted', () => {
      expect(names('Describe', 'topic', 'prefixed')).toEqual(['mpp.']);
      const known = new Set(['Read', 'Write', 'Create', 'Describe']);
      expect(own.filter((a) => !known.has(a.operation) || a.resource === 'cluster')).toEqual([]);
    });
  });
});

describe('kafkaClientConfig', () => {
  it('logs in with SASL/SCRAM-SHA-512 when given credentials, anonymously otherwise', () => {
    expect(kafkaClientConfig('a:1,b:2', 'svc', { username: 'application-intake', password: 'pw' })).toMatchObject({
      brokers: ['a:1', 'b:2'],
      sasl: { mechanism: 'scram-sha-512', username: 'application-intake', password: 'pw' },
      ssl: false,
    });
    expect(kafkaClientConfig('a:1', 'svc')).not.toHaveProperty('sasl');
  });
});
