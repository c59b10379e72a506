import { validateEnv } from '@mpp/platform';
import { PortalEnv } from './portal.env';

const validate = validateEnv(PortalEnv);

const production = {
  NODE_ENV: 'production',
  OIDC_ISSUER: 'https://perizinan.example.go.id/auth/realms/mpp',
  PUBLIC_BASE_URL: 'https://perizinan.example.go.id',
  REDIS_URL: 'redis://:secret@redis:6379',
};

describe("the portal's login and session settings", () => {
  it('start with development defaults outside production', () => {
    const env = validate({});
    expect(env.OIDC_ISSUER).toBeUndefined();
    expect(env.OIDC_CLIENT_ID).toBe('mpp-portal');
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.SESSION_MAX_HOURS).toBe(10);
    expect(validate({ OIDC_ISSUER: 'http://localhost:3099', PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }).OIDC_ISSUER).toBe('http://localhost:3099');
  });

  it('accept a complete production configuration', () => {
    expect(validate(production)).toMatchObject(production);
  });

  it.each(['OIDC_ISSUER', 'PUBLIC_BASE_URL', 'REDIS_URL'])('refuse production without %s, naming it', (name) => {
    const { [name as keyof typeof production]: _left, ...rest } = production;
    expect(() => validate(rest)).toThrow(new RegExp(`${name}[^\\n]*must be set`));
  });

  it.each([
    ['OIDC_ISSUER', 'http://localhost:3099', /development token issuer/],
    ['OIDC_ISSUER', 'https://issuer.example.go.id:3099', /development token issuer/],
    ['OIDC_ISSUER', 'http://keycloak.example.go.id/realms/mpp', /https:\/\//],
    ['PUBLIC_BASE_URL', 'http://perizinan.example.go.id', /must be an https:\/\/ URL \(plain http only on localhost\)/],
    ['PUBLIC_BASE_URL', 'https://perizinan.example.go.id/portal', /must be an origin/],
    ['REDIS_URL', 'http://redis:6379', /redis:\/\//],
  ])('refuse production with %s=%s', (name, value, message) => {
    expect(() => validate({ ...production, [name]: value })).toThrow(message);
  });

  it('allow an http public URL on localhost in production (a trial on one machine)', () => {
    expect(validate({ ...production, PUBLIC_BASE_URL: 'http://localhost:3000' }).PUBLIC_BASE_URL).toBe('http://localhost:3000');
  });

  it.each([
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_MAX_HOURS', '1000'],
    ['SESSION_KEY_PREFIX', 'has space'],
  ])('refuse %s=%s', (name, value) => {
    expect(() => validate({ [name]: value })).toThrow(name);
  });
});
