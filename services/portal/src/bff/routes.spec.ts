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
  ])('forwards %s to %s', (path, upstream, target) => {
    const match = routeFor(path, upstreams);
    expect(match).toEqual({ upstream, target: new URL(target) });
  });

  it.each(['/api/v1/cases', '/api/v1/approvals', '/api/v1/permitsX', '/api/v1/applicationsfoo/1', '/api/v2/applications', '/api', '/health/ready', '/lacak'])(
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

  it('sends officer-only services nothing yet (public routes only in this slice)', () => {
    expect(BFF_ROUTES.map((r) => r.upstream)).not.toContain('verification');
  });
});
