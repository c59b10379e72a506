import { ConfigService } from '@nestjs/config';
import { PublicLinks } from './public-links';

const links = (env: Record<string, string>) => new PublicLinks(new ConfigService(env));

describe('PublicLinks', () => {
  it("points verification at this service's answer when there is no portal", () => {
    const l = links({ PUBLIC_BASE_URL: 'https://izin.example.go.id/' });
    expect(l.verificationUrl('SS-3373-2026-00042')).toBe('https://izin.example.go.id/api/v1/permits/SS-3373-2026-00042/verification');
    expect(l.certificateUrl('SS/3373')).toBe('https://izin.example.go.id/api/v1/permits/SS%2F3373/certificate.pdf');
  });

  it("points verification (QR codes included) at the portal's page when PORTAL_BASE_URL is set", () => {
    const l = links({ PUBLIC_BASE_URL: 'https://izin.example.go.id', PORTAL_BASE_URL: 'https://perizinan.example.go.id/' });
    expect(l.verificationUrl('SS/3373')).toBe('https://perizinan.example.go.id/verifikasi/SS%2F3373');
    // The certificate is still this service's.
    expect(l.certificateUrl('2811260000001')).toBe('https://izin.example.go.id/api/v1/permits/2811260000001/certificate.pdf');
  });
});
