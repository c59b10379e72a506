import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DocumentStore, FilesystemDocumentStore, S3DocumentStore } from './document-store';

// s3rver is an S3-compatible server for tests (it stands in for MinIO, which runs in Docker Compose).
const S3rver = require('s3rver') as new (options: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

function roundTrip(store: () => DocumentStore) {
  it('stores bytes under an opaque key with their SHA-256 and gives them back', async () => {
    const applicationId = randomUUID();
    const stored = await store().put(PDF, { applicationId, contentType: 'application/pdf' });
    expect(stored.storageKey).toMatch(new RegExp(`^${applicationId}/[0-9a-f-]{36}$`));
    expect(stored).toMatchObject({ sizeBytes: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await store().get(stored.storageKey)).equals(PDF)).toBe(true);
  });

  it('refuses a key that is not its own', async () => {
    await expect(store().put(PDF, { applicationId: '../../etc', contentType: 'application/pdf' })).rejects.toThrow();
  });
}

describe('document stores', () => {
  let dir: string;
  let server: InstanceType<typeof S3rver>;
  let s3: S3DocumentStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mpp-documents-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 's3'), configureBuckets: [] }); // the store creates its bucket
    const { port } = await server.run();
    s3 = new S3DocumentStore({
      bucket: 'mpp-documents',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('filesystem', () => {
    roundTrip(() => new FilesystemDocumentStore(path.join(dir, 'fs')));

    it('never follows a key out of its directory', async () => {
      await expect(new FilesystemDocumentStore(path.join(dir, 'fs')).get('../../etc/passwd')).rejects.toThrow('invalid storage key');
    });
  });

  describe('S3-compatible', () => {
    roundTrip(() => s3);
  });
});
