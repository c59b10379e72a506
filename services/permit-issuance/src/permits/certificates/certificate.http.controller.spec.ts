import { PermitType } from '@mpp/contracts';
import { certificateFileName } from './certificate.http.controller';

describe('certificate file name', () => {
  it('keeps only safe characters', () => {
    expect(certificateFileName(PermitType.IZIN, '503/0001/IZ/DPMPTSP/2026')).toBe('izin-503_0001_IZ_DPMPTSP_2026.pdf');
    expect(certificateFileName(PermitType.SERTIFIKAT_STANDAR, 'SS-3373-2026-00001')).toBe('sertifikat-standar-SS-3373-2026-00001.pdf');
    expect(certificateFileName(PermitType.NIB, '../"x"\r\n')).toBe('nib-x_.pdf');
  });
});
