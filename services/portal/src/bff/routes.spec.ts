import { BFF_ROUTES, routeFor } from './routes';

const upstreams = { intake: 'http://intake.test:3001', verification: 'http://verification.test:3002', issuance: 'http://issuance.test/base/' };

describe('the BFF route table', () => {
  it.each([
    ['/api/v1/applications', 'intake', 'http://intake.test:3001/api/v1/applications'],
    ['/api/v1/applications/MPP-3373-2026-000001', 'intake', 'http://intake.test:3001/api/v1/applications/MPP-3373-2026-000001'],
    ['/api/v1/applications/X/documents', 'intake', 'http://intake.test:3001/api/v1/applications/X/documents'],
    ['/api/v1/reference/kbli?q=warung', 'intake', 'http://intake.test:3001/api/v1/reference/kbli?q=warung'],
    ['/api/v1/offices/3373', 'intake', 'http://intake.test:3001/api/v1/offices/3373'],
    ['/api/v1/permits/SS-1/verification', 'issuance', 'http://issuance.test/base/api/v1/permits/SS-1/verification'],
    ['/api/v1/permits/SS-1/certificate.pdf', 'issuance', 'http://issuance.test/base/api/v1/permits/SS-1/certificate.pdf'],
  ])('forwards %s to %s (public)', (path, upstream, target) => {
    const match = routeFor(path, upstreams);
    expect(match).toEqual({ upstream, target: new URL(target), officer: false });
  });

  it.each([
    ['/api/v1/cases?status=OPEN', 'verification', 'http://verification.test:3002/api/v1/cases?status=OPEN'],
    ['/api/v1/cases/C-1/decision', 'verification', 'http://verification.test:3002/api/v1/cases/C-1/decision'],
    ['/api/v1/approvals', 'issuance', 'http://issuance.test/base/api/v1/approvals'],
    ['/api/v1/signing-keys/k1', 'issuance', 'http://issuance.test/base/api/v1/signing-keys/k1'],
    ['/api/v1/audit/intake/events?limit=5', 'intake', 'http://intake.test:3001/api/v1/audit/events?limit=5'],
    ['/api/v1/audit/verification', 'verification', 'http://verification.test:3002/api/v1/audit'],
    ['/api/v1/audit/issuance/events', 'issuance', 'http://issuance.test/base/api/v1/audit/events'],
  ])('forwards the officer route %s to %s', (path, upstream, target) => {
    expect(routeFor(path, upstreams)).toEqual({ upstream, target: new URL(target), officer: true });
  });

  it.each(['/api/v1/audit', '/api/v1/audit/other/x', '/api/v1/audit/intakes', '/api/v1/casesX', '/api/v1/permitsX', '/api/v1/applicationsfoo/1', '/api/v2/applications', '/api', '/health/ready', '/lacak'])(
    'forwards nothing else: %s',
    (path) => {
      expect(routeFor(path, upstreams)).toBeUndefined();
    },
  );

  it.each(['/api/v1/permits/../cases', '/api/v1/permits/%2e%2e/cases', '/api/v1/applications/.%2E/x', '/api/v1/permits//x', '/api/v1/permits/a\\..\\b'])(
    'refuses a path that could climb out of its prefix: %s',
    (path) => {
      expect(routeFor(path, upstreams)).toEqual({ refused: 'dot-segment' });
    },
  );

  it('marks every route to document verification, approvals, signing keys and audit as officer-only', () => {
    const officerOnly = BFF_ROUTES.filter((r) => r.officer).map((r) => r.prefix);
    expect(officerOnly).toEqual(['/api/v1/cases', '/api/v1/approvals', '/api/v1/signing-keys', '/api/v1/audit/intake', '/api/v1/audit/verification', '/api/v1/audit/issuance']);
    expect(BFF_ROUTES.filter((r) => r.upstream === 'verification').every((r) => r.officer)).toBe(true);
  });

  it('refuses dot segments on the audit routes too', () => {
    expect(routeFor('/api/v1/audit/intake/../../applications', upstreams)).toEqual({ refused: 'dot-segment' });
  });
});
