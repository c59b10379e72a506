/**
 * libs/contracts/asyncapi.yaml must describe exactly what the code in this library defines: one channel
 * per topic, one message per event, and payload schemas that match the class-validator classes field by
 * field (names, required/optional, and the JSON Schema each validator decorator stands for).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TOPICS, EVENT_HEADERS, EventActor, EventEnvelope, EVENTS, TOPICS } from './index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, checked by the assertions
type Node = any;

/** class-validator's metadata record (the class itself is not exported from the package root). */
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const doc: Node = parseYaml(fs.readFileSync(path.join(__dirname, '..', 'asyncapi.yaml'), 'utf8'));
const SCHEMA_REF = '#/components/schemas/';

function resolve(ref: string): Node {
  if (!ref.startsWith('#/')) throw new Error(`only local references are used here, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node: Node, key) => (node === undefined ? undefined : node[key]), doc);
}

function deref(node: Node): Node {
  let current = node;
  for (let depth = 0; current && typeof current.$ref === 'string'; depth++) {
    if (depth > 20) throw new Error(`reference cycle at ${current.$ref}`);
    current = resolve(current.$ref);
  }
  return current;
}

/** A schema with its `allOf` parts merged: the union of properties (later parts win) and of `required`. */
function flatten(node: Node): { properties: Record<string, Node>; required: string[] } {
  const schema = deref(node) ?? {};
  const parts = [...(schema.allOf ?? []).map(flatten), { properties: schema.properties ?? {}, required: schema.required ?? [] }];
  return {
    properties: Object.assign({}, ...parts.map((p) => p.properties)),
    required: [...new Set(parts.flatMap((p) => p.required))],
  };
}

function allRefs(node: Node, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

// --- The JSON Schema each class-validator decorator stands for --------------------------------------------

/** Validation keywords compared between the document and the classes. */
const KEYWORDS = ['type', 'format', 'pattern', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'];

type Keywords = Record<string, unknown>;

interface ExpectedProperty {
  optional: boolean;
  /** Keywords of the property itself (for an array: of the array). */
  schema: Keywords;
  /** Keywords of the items, for validators declared with `{ each: true }`. */
  items: Keywords;
  /** Class of a nested object (`@ValidateNested` + `@Type`). */
  nested?: Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  array: boolean;
}

function stringType(values: unknown[]): Keywords {
  return values.every((v) => typeof v === 'string') ? { type: 'string' } : {};
}

function keywordsOf(m: ValidationMetadata, where: string): Keywords {
  const c = m.constraints ?? [];
  switch (m.name) {
    case 'isString':
      return { type: 'string' };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'maxLength':
      return { maxLength: c[0] };
    case 'minLength':
      return { minLength: c[0] };
    case 'matches':
      return { type: 'string', pattern: c[0] instanceof RegExp ? c[0].source : String(c[0]) };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'min':
      return { minimum: c[0] };
    case 'max':
      return { maximum: c[0] };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isEnum': {
      const values = Object.values(c[0] as object);
      return { ...stringType(values), enum: values };
    }
    case 'isIn':
      return { ...stringType(c[0]), enum: c[0] };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isIso8601':
      return { type: 'string', format: 'date-time' };
    case 'isUrl':
      return { type: 'string', format: 'uri' };
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isObject':
      return { type: 'object' };
    case 'isArray':
      return { type: 'array' };
    case 'arrayMinSize':
      return { minItems: c[0] };
    case 'arrayMaxSize':
      return { maxItems: c[0] };
    default:
      throw new Error(`${where}: no JSON Schema mapping for @${m.name} yet; add one to asyncapi.spec.ts`);
  }
}

/** The properties of a contract class as class-validator sees them (inherited ones included). */
function expectedProperties(cls: Function): Map<string, ExpectedProperty> { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  const result = new Map<string, ExpectedProperty>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const where = `${cls.name}.${m.propertyName}`;
    const designType = Reflect.getMetadata('design:type', cls.prototype, m.propertyName);
    const p = result.get(m.propertyName) ?? { optional: false, schema: {}, items: {}, array: designType === Array };
    result.set(m.propertyName, p);
    if (m.type === 'conditionalValidation' && m.name === 'isOptional') p.optional = true;
    else if (m.type === 'nestedValidation') {
      p.array = p.array || m.each;
      const probe = plainToInstance(cls as ClassConstructor<object>, { [m.propertyName]: p.array ? [{}] : {} }) as Record<string, unknown>;
      const value = probe[m.propertyName];
      const instance = p.array ? (value as unknown[])[0] : value;
      const nested = (instance as object | undefined)?.constructor;
      if (!nested || nested === Object) throw new Error(`${where}: @ValidateNested without @Type`);
      p.nested = nested;
      if (p.array) p.schema.type = 'array';
    } else if (m.type === 'customValidation') Object.assign(m.each ? p.items : p.schema, keywordsOf(m, where));
    else throw new Error(`${where}: unexpected validation metadata ${m.type}`);
  }
  return result;
}

function pick(schema: Node): Keywords {
  const s = deref(schema) ?? {};
  return Object.fromEntries(KEYWORDS.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
}

/**
 * Compares `components.schemas.<Class name>` with the class, and every nested class the same way; so too
 * the base classes that have a schema of their own (building blocks referenced through `allOf`).
 * Returns the names of the classes checked.
 */
function checkClass(cls: Function, checked = new Set<string>()): Set<string> { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  if (checked.has(cls.name)) return checked;
  checked.add(cls.name);
  const component = doc.components?.schemas?.[cls.name];
  expect({ schema: cls.name, defined: component !== undefined }).toEqual({ schema: cls.name, defined: true });
  const actual = flatten(component);
  const expected = expectedProperties(cls);

  expect({ schema: cls.name, properties: Object.keys(actual.properties).sort() }).toEqual({
    schema: cls.name,
    properties: [...expected.keys()].sort(),
  });
  expect({ schema: cls.name, required: [...actual.required].sort() }).toEqual({
    schema: cls.name,
    required: [...expected].filter(([, p]) => !p.optional).map(([name]) => name).sort(),
  });

  for (const [name, p] of expected) {
    const where = `${cls.name}.${name}`;
    const prop = actual.properties[name];
    if (prop === undefined) continue; // reported above
    if (p.nested) {
      const ref = p.array ? deref(prop)?.items?.$ref : prop.$ref;
      expect({ property: where, ref }).toEqual({ property: where, ref: `${SCHEMA_REF}${p.nested.name}` });
      checkClass(p.nested, checked);
    }
    if (!p.nested || p.array) expect({ property: where, schema: pick(prop) }).toEqual({ property: where, schema: p.schema });
    if (Object.keys(p.items).length > 0) {
      expect({ property: `${where}[]`, schema: pick(deref(prop)?.items) }).toEqual({ property: `${where}[]`, schema: p.items });
    }
  }
  const base = Object.getPrototypeOf(cls);
  if (typeof base === 'function' && base.name && doc.components.schemas[base.name] !== undefined) checkClass(base, checked);
  return checked;
}

// --- The checks ----------------------------------------------------------------------------------------

const channels: [string, Node][] = Object.entries(doc.channels ?? {});
const channelOf = (topic: string) => channels.find(([, c]) => c.address === topic);
const operations: [string, Node][] = Object.entries(doc.operations ?? {});
const operationsOn = (channelKey: string, action: string) =>
  operations.filter(([, o]) => o.action === action && o.channel?.$ref === `#/channels/${channelKey}`).map(([id]) => id);

describe('asyncapi.yaml', () => {
  it('is an AsyncAPI 3.0.0 document with the catalogue title', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toEqual(expect.objectContaining({ title: 'MPP Licensing Platform events', version: '1.0.0' }));
    expect(Object.values(doc.servers ?? {}).map((s: Node) => s.protocol)).toEqual(expect.arrayContaining(['kafka']));
  });

  it('has one channel per topic of TOPICS and DEAD_LETTER_TOPICS, and no other', () => {
    const topics = [...Object.values(TOPICS), ...Object.values(DEAD_LETTER_TOPICS)].sort();
    const addresses = channels.map(([, c]) => c.address).sort();
    expect(addresses).toEqual(topics);
    for (const [key, c] of channels) {
      if (c.bindings?.kafka?.topic !== undefined) expect({ channel: key, topic: c.bindings.kafka.topic }).toEqual({ channel: key, topic: c.address });
    }
  });

  it('resolves every $ref', () => {
    const broken = allRefs(doc).filter((ref) => resolve(ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('has operations whose messages belong to their channel', () => {
    for (const [id, o] of operations) {
      expect({ id, action: o.action }).toEqual({ id, action: expect.stringMatching(/^(send|receive)$/) });
      const channelRef: string = o.channel?.$ref ?? '';
      expect({ id, channel: resolve(channelRef) !== undefined }).toEqual({ id, channel: true });
      for (const m of o.messages ?? []) expect({ id, message: m.$ref.startsWith(`${channelRef}/messages/`) }).toEqual({ id, message: true });
    }
  });

  describe.each(Object.entries(EVENTS))('%s', (type, definition) => {
    const found = channelOf(definition.topic);

    it('has a message on its topic: the envelope with this type, version and payload', () => {
      expect(found).toBeDefined();
      const messages = Object.values(found?.[1].messages ?? {});
      expect(messages).toHaveLength(1);
      const message = deref(messages[0]);
      expect(message.name).toBe(type);
      const envelope = flatten(message.payload);
      const envelopeClass = flatten(doc.components.schemas[EventEnvelope.name]);
      expect(Object.keys(envelope.properties).sort()).toEqual(Object.keys(envelopeClass.properties).sort());
      expect([...envelope.required].sort()).toEqual([...envelopeClass.required].sort());
      expect(envelope.properties.type?.const).toBe(definition.type);
      expect(envelope.properties.version?.const).toBe(definition.version);
      expect(envelope.properties.payload?.$ref).toBe(`${SCHEMA_REF}${definition.payload.name}`);
      expect(deref(message.headers)).toBe(doc.components.schemas.EventHeaders);
      expect(pick(deref(message.bindings)?.kafka?.key)).toEqual(expect.objectContaining({ type: 'string' }));
    });

    it('has a payload schema that matches the class field by field', () => {
      expect([...checkClass(definition.payload)]).toContain(definition.payload.name);
    });

    it('is sent by the service that owns the topic and received by at least one other', () => {
      const producer = definition.topic.split('.')[1];
      const key = found?.[0] ?? '';
      const senders = operationsOn(key, 'send');
      expect(senders.length).toBeGreaterThan(0);
      for (const id of senders) expect(id.split('.')[0]).toBe(producer);
      const receivers = operationsOn(key, 'receive');
      expect(receivers.length).toBeGreaterThan(0);
      for (const id of receivers) expect(id.split('.')[0]).not.toBe(producer);
    });
  });

  it('describes the envelope (and its actor) like the EventEnvelope class', () => {
    expect([...checkClass(EventEnvelope)]).toEqual(expect.arrayContaining([EventEnvelope.name, EventActor.name]));
  });

  it('has the event headers, required exactly when the envelope field is', () => {
    const headers = flatten(doc.components.schemas.EventHeaders);
    expect(Object.keys(headers.properties).sort()).toEqual(Object.values(EVENT_HEADERS).sort());
    const envelope = expectedProperties(EventEnvelope);
    const required = Object.entries(EVENT_HEADERS)
      .filter(([field]) => !envelope.get(field === 'eventType' ? 'type' : field)?.optional)
      .map(([, header]) => header);
    expect([...headers.required].sort()).toEqual(required.sort());
  });

  it('has one dead-letter channel per service, sent to by that service only, with the dlt-* headers', () => {
    const dltHeaders = flatten(doc.components.schemas.DeadLetterHeaders);
    expect(Object.keys(dltHeaders.properties).sort()).toEqual(Object.values(DEAD_LETTER_HEADERS).sort());
    expect([...dltHeaders.required].sort()).toEqual(Object.values(DEAD_LETTER_HEADERS).sort());
    for (const [owner, topic] of Object.entries(DEAD_LETTER_TOPICS)) {
      const found = channelOf(topic);
      expect(found).toBeDefined();
      const [key, channel] = found ?? ['', {}];
      for (const m of Object.values(channel.messages ?? {})) expect(deref(deref(m).headers)).toBe(doc.components.schemas.DeadLetterHeaders);
      const senders = operationsOn(key, 'send');
      expect({ topic, senders: senders.map((id) => id.split('.')[0]) }).toEqual({ topic, senders: [owner] });
    }
  });
});
