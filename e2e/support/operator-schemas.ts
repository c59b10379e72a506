/**
 * Minimal schemas of the operator resources the Kubernetes manifests use (deploy/k8s), for validation without
 * network access: no maintained npm package carries the Strimzi or CloudNativePG CRDs with a validator. Written
 * by hand from the CRDs of Strimzi 0.48+ (kafka.strimzi.io/v1beta2: Kafka, KafkaNodePool, KafkaTopic, KafkaUser),
 * CloudNativePG 1.26+ (postgresql.cnpg.io/v1: Cluster, ScheduledBackup) and its Barman Cloud plugin
 * (barmancloud.cnpg.io/v1: ObjectStore): only the fields deploy/k8s uses, each with its type
 * and allowed values, unknown fields refused where the CRD's schema refuses them (so a misspelt field fails).
 */
export type Schema =
  | { type: 'string'; enum?: readonly string[]; pattern?: RegExp }
  | { type: 'integer'; minimum?: number }
  | { type: 'boolean' }
  | { type: 'array'; items: Schema; minItems?: number }
  | { type: 'object'; properties?: Record<string, Schema>; required?: readonly string[]; additional?: Schema | 'any' }
  | { type: 'any' };

/** Errors of `value` against `schema`, each naming the path (empty when it is valid). */
export function validateAgainst(schema: Schema, value: unknown, at = ''): string[] {
  const where = at || '/';
  switch (schema.type) {
    case 'any':
      return [];
    case 'string':
      if (typeof value !== 'string') return [`${where} must be a string`];
      if (schema.enum && !schema.enum.includes(value)) return [`${where} must be one of ${schema.enum.join(', ')}`];
      if (schema.pattern && !schema.pattern.test(value)) return [`${where} must match ${schema.pattern}`];
      return [];
    case 'integer':
      if (!Number.isInteger(value)) return [`${where} must be an integer`];
      return schema.minimum !== undefined && (value as number) < schema.minimum ? [`${where} must be >= ${schema.minimum}`] : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${where} must be a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${where} must be an array`];
      if (schema.minItems !== undefined && value.length < schema.minItems) return [`${where} needs ${schema.minItems}+ items`];
      return value.flatMap((item, i) => validateAgainst(schema.items, item, `${at}/${i}`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} must be an object`];
      const record = value as Record<string, unknown>;
      const errors = (schema.required ?? []).filter((k) => !(k in record)).map((k) => `${at}/${k} is required`);
      for (const [key, item] of Object.entries(record)) {
        const own = schema.properties?.[key];
        if (own) errors.push(...validateAgainst(own, item, `${at}/${key}`));
        else if (schema.additional === 'any') continue;
        else if (schema.additional) errors.push(...validateAgainst(schema.additional, item, `${at}/${key}`));
        else errors.push(`${at}/${key} is not a known field`);
      }
      return errors;
    }
  }
}

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required });
const arr = (items: Schema, minItems?: number): Schema => ({ type: 'array', items, minItems });
const stringMap: Schema = { type: 'object', additional: str };
const quantity: Schema = { type: 'any' };
const resources = obj({ requests: { type: 'object', additional: quantity }, limits: { type: 'object', additional: quantity } });
const metadata = obj({ name: str, namespace: str, labels: stringMap, annotations: stringMap }, ['name']);
const resource = (apiVersion: string, kind: string, spec: Schema): Schema =>
  obj({ apiVersion: { type: 'string', enum: [apiVersion] }, kind: { type: 'string', enum: [kind] }, metadata, spec }, ['apiVersion', 'kind', 'metadata', 'spec']);

const aclOperation = { type: 'string', enum: ['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All'] } as const;

const kafkaConfig: Schema = { type: 'object', additional: { type: 'any' } };

/** Schemas by `apiVersion/kind`. */
export const OPERATOR_SCHEMAS: Record<string, Schema> = {
  'kafka.strimzi.io/v1beta2/KafkaNodePool': resource(
    'kafka.strimzi.io/v1beta2',
    'KafkaNodePool',
    obj(
      {
        replicas: int,
        roles: arr({ type: 'string', enum: ['controller', 'broker'] }, 1),
        storage: obj(
          {
            type: { type: 'string', enum: ['ephemeral', 'persistent-claim', 'jbod'] },
            volumes: arr(
              obj(
                {
                  id: int,
                  type: { type: 'string', enum: ['ephemeral', 'persistent-claim'] },
                  size: { type: 'string', pattern: /^\d+(Ki|Mi|Gi|Ti)$/ },
                  class: str,
                  deleteClaim: bool,
                  kraftMetadata: { type: 'string', enum: ['shared'] },
                },
                ['type'],
              ),
            ),
          },
          ['type'],
        ),
        resources,
        template: { type: 'object', additional: 'any' },
      },
      ['replicas', 'roles', 'storage'],
    ),
  ),
  'kafka.strimzi.io/v1beta2/Kafka': resource(
    'kafka.strimzi.io/v1beta2',
    'Kafka',
    obj(
      {
        kafka: obj(
          {
            version: { type: 'string', pattern: /^\d+\.\d+\.\d+$/ },
            metadataVersion: str,
            listeners: arr(
              obj(
                {
                  name: { type: 'string', pattern: /^[a-z0-9]{1,11}$/ },
                  port: { type: 'integer', minimum: 9092 },
                  type: { type: 'string', enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
                  tls: bool,
                  authentication: obj({ type: { type: 'string', enum: ['tls', 'scram-sha-512', 'oauth', 'custom'] } }, ['type']),
                  networkPolicyPeers: arr({ type: 'object', additional: 'any' }),
                },
                ['name', 'port', 'type', 'tls'],
              ),
              1,
            ),
            authorization: obj({ type: { type: 'string', enum: ['simple', 'opa', 'keycloak', 'custom'] }, superUsers: arr(str) }, ['type']),
            config: kafkaConfig,
            resources,
          },
          ['listeners'],
        ),
        entityOperator: obj({ topicOperator: { type: 'object', additional: 'any' }, userOperator: { type: 'object', additional: 'any' } }),
        cruiseControl: { type: 'object', additional: 'any' },
      },
      ['kafka'],
    ),
  ),
  'kafka.strimzi.io/v1beta2/KafkaTopic': resource(
    'kafka.strimzi.io/v1beta2',
    'KafkaTopic',
    obj({ topicName: str, partitions: { type: 'integer', minimum: 1 }, replicas: { type: 'integer', minimum: 1 }, config: kafkaConfig }),
  ),
  'kafka.strimzi.io/v1beta2/KafkaUser': resource(
    'kafka.strimzi.io/v1beta2',
    'KafkaUser',
    obj({
      authentication: obj({ type: { type: 'string', enum: ['tls', 'tls-external', 'scram-sha-512'] }, password: { type: 'object', additional: 'any' } }, ['type']),
      authorization: obj(
        {
          type: { type: 'string', enum: ['simple'] },
          acls: arr(
            obj(
              {
                resource: obj(
                  {
                    type: { type: 'string', enum: ['topic', 'group', 'cluster', 'transactionalId'] },
                    name: str,
                    patternType: { type: 'string', enum: ['literal', 'prefix'] },
                  },
                  ['type'],
                ),
                operations: arr(aclOperation, 1),
                host: str,
                type: { type: 'string', enum: ['allow', 'deny'] },
              },
              ['resource', 'operations'],
            ),
          ),
        },
        ['type', 'acls'],
      ),
      quotas: { type: 'object', additional: int },
    }),
  ),
  'postgresql.cnpg.io/v1/Cluster': resource(
    'postgresql.cnpg.io/v1',
    'Cluster',
    obj(
      {
        instances: { type: 'integer', minimum: 1 },
        imageName: str,
        primaryUpdateStrategy: { type: 'string', enum: ['unsupervised', 'supervised'] },
        storage: obj({ size: { type: 'string', pattern: /^\d+(Mi|Gi|Ti)$/ }, storageClass: str }),
        resources,
        postgresql: { type: 'object', additional: 'any' },
        bootstrap: obj({
          initdb: obj({ database: str, owner: str, secret: obj({ name: str }, ['name']), postInitApplicationSQLRefs: { type: 'object', additional: 'any' } }),
        }),
        monitoring: obj({ enablePodMonitor: bool }),
        backup: { type: 'object', additional: 'any' },
        plugins: arr(obj({ name: str, enabled: bool, isWALArchiver: bool, parameters: stringMap }, ['name'])),
        managed: obj({
          roles: arr(
            obj(
              {
                name: str,
                ensure: { type: 'string', enum: ['present', 'absent'] },
                comment: str,
                login: bool,
                superuser: bool,
                createdb: bool,
                createrole: bool,
                inherit: bool,
                replication: bool,
                bypassrls: bool,
                connectionLimit: { type: 'integer', minimum: -1 },
                inRoles: arr(str),
                passwordSecret: obj({ name: str }, ['name']),
                disablePassword: bool,
              },
              ['name'],
            ),
          ),
        }),
      },
      ['instances'],
    ),
  ),
  'postgresql.cnpg.io/v1/ScheduledBackup': resource(
    'postgresql.cnpg.io/v1',
    'ScheduledBackup',
    obj(
      {
        // Six fields, seconds first (robfig/cron), unlike a CronJob's five.
        schedule: { type: 'string', pattern: /^\S+( \S+){5}$/ },
        suspend: bool,
        immediate: bool,
        backupOwnerReference: { type: 'string', enum: ['none', 'self', 'cluster'] },
        cluster: obj({ name: str }, ['name']),
        target: { type: 'string', enum: ['primary', 'prefer-standby'] },
        method: { type: 'string', enum: ['barmanObjectStore', 'volumeSnapshot', 'plugin'] },
        pluginConfiguration: obj({ name: str, parameters: stringMap }, ['name']),
        online: bool,
      },
      ['cluster', 'schedule'],
    ),
  ),
  'barmancloud.cnpg.io/v1/ObjectStore': resource(
    'barmancloud.cnpg.io/v1',
    'ObjectStore',
    obj(
      {
        retentionPolicy: { type: 'string', pattern: /^[1-9][0-9]*[dwm]$/ },
        configuration: obj(
          {
            destinationPath: { type: 'string', pattern: /^(s3|gs|https?):\/\/\S+$/ },
            endpointURL: { type: 'string', pattern: /^https?:\/\/\S+$/ },
            s3Credentials: obj({
              accessKeyId: obj({ name: str, key: str }, ['name', 'key']),
              secretAccessKey: obj({ name: str, key: str }, ['name', 'key']),
              region: obj({ name: str, key: str }, ['name', 'key']),
              inheritFromIAMRole: bool,
            }),
            wal: obj({ compression: { type: 'string', enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] }, maxParallel: { type: 'integer', minimum: 1 } }),
            data: obj({ compression: { type: 'string', enum: ['bzip2', 'gzip', 'snappy'] }, jobs: { type: 'integer', minimum: 1 } }),
          },
          ['destinationPath'],
        ),
        instanceSidecarConfiguration: { type: 'object', additional: 'any' },
      },
      ['configuration'],
    ),
  ),
};
