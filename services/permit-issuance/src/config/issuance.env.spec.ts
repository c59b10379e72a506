import { validateEnv } from '@mpp/platform';
import { IssuanceEnv } from './issuance.env';

describe('IssuanceEnv', () => {
  it('has no document store settings: issuance never touches documents', () => {
    const env = new IssuanceEnv();
    for (const name of ['DOCUMENT_STORE', 'DOCUMENT_STORE_DIR', 'DOCUMENT_MAX_BYTES', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']) {
      expect({ name, declared: name in env }).toEqual({ name, declared: false });
    }
    const base = { DATABASE_URL: 'postgres://issuance_svc@127.0.0.1:5432/mpp', OIDC_ISSUER: 'http://localhost:3099' };
    expect(() => validateEnv(IssuanceEnv)({ ...base, DOCUMENT_STORE: 's3' })).not.toThrow();
  });
});
