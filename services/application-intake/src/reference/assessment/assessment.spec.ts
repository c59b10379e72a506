import { ArgumentMetadata } from '@nestjs/common';
import { BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';
import { DocumentType, documentChecklist, KBLI_CATALOGUE, LATEST_RULE_SET, permitsForRisk } from '@mpp/domain';
import { createValidationPipe, RequestValidationException } from '@mpp/platform';
import { newApplication } from '../../applications/submit-application/new-application';
import { SubmitApplicationRequest } from '../../applications/submit-application/submit-application.request.dto';
import { assessApplication } from './assessment';
import { AssessmentRequest } from './assessment.http.controller';

describe('the assessment preview', () => {
  it('a kelontong with Rp 50 juta capital: micro, low risk, an NIB, no documents, no officer', () => {
    expect(assessApplication({ kbli: '47112', capital: 50_000_000 })).toEqual({
      kbli: { code: '47112', title: expect.stringMatching(/Tradisional/) },
      businessScale: BusinessScale.MIKRO,
      riskLevel: RiskLevel.RENDAH,
      permits: [PermitType.NIB],
      documents: [],
      officerReview: false,
      headOfOfficeApproval: false,
      ruleSet: {
        id: 'PP-28-2025',
        regulation: 'PP 28/2025',
        title: 'Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko',
        url: 'https://peraturan.bpk.go.id/Details/319773/pp-no-28-tahun-2025',
      },
      catalogueVersion: 'PP-28-2025-curated-2026.12.01',
    });
  });

  it('a clinic asks for the documents of medium-high risk, a business entity also for its deed', () => {
    const clinic = assessApplication({ kbli: '86105', capital: 500_000_000, annualSales: 3_000_000_000 });
    expect(clinic).toMatchObject({ businessScale: 'MIKRO', salesScale: 'KECIL', riskLevel: 'MENENGAH_TINGGI', officerReview: true, headOfOfficeApproval: false });
    expect(clinic.permits).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);
    expect(clinic.documents).toEqual(['KTP', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR']);
    expect(assessApplication({ kbli: '86105', capital: 500_000_000, kind: 'ENTITY' }).documents).toEqual([
      'KTP',
      DocumentType.AKTA_PENDIRIAN,
      'NPWP',
      'FOTO_TEMPAT_USAHA',
      'BUKTI_PEMENUHAN_STANDAR',
    ]);
    expect(assessApplication({ kbli: '47721', capital: 1 })).toMatchObject({ riskLevel: 'TINGGI', permits: ['NIB', 'IZIN'], headOfOfficeApproval: true });
  });

  it('cannot disagree with the submission: every activity at every scale boundary gets the scale and risk newApplication stores', () => {
    const capitals = [0, 1_000_000_000, 1_000_000_001, 5_000_000_000, 5_000_000_001, 10_000_000_000, 10_000_000_001];
    for (const { code } of KBLI_CATALOGUE) {
      for (const capital of capitals) {
        const preview = assessApplication({ kbli: code, capital });
        const request = {
          officeCode: '3373',
          applicant: { nik: '3373011708900001', name: 'Siti' },
          business: { name: 'Usaha', kbli: code, capital, address: { regionCode: '3373011001', street: 'Jl. A' } },
        } as SubmitApplicationRequest;
        const stored = newApplication(request, { applicationNumber: 'X', trackingCodeHash: 'h', regionCode: '3373011001', now: new Date(), ruleSet: LATEST_RULE_SET });
        expect({ code, capital, scale: preview.businessScale, risk: preview.riskLevel }).toEqual({ code, capital, scale: stored.businessScale, risk: stored.riskLevel });
        expect(preview.permits).toEqual(permitsForRisk(stored.riskLevel));
        expect(preview.documents).toEqual(documentChecklist(stored.riskLevel, 'INDIVIDUAL'));
      }
    }
  });

  describe('the body, as the validation pipe checks it', () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'body', metatype: AssessmentRequest };
    const violations = async (query: object) => {
      const error = await pipe.transform(query, metadata).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error === undefined) return [];
      expect(error).toBeInstanceOf(RequestValidationException);
      return (error as RequestValidationException).violations.map((v) => `${v.field} ${v.rule}`);
    };

    it('takes amounts as JSON numbers', async () => {
      await expect(pipe.transform({ kbli: '47112', capital: 50_000_000, annualSales: 0, kind: 'ENTITY' }, metadata)).resolves.toMatchObject({
        kbli: '47112',
        capital: 50_000_000,
        annualSales: 0,
        kind: 'ENTITY',
      });
    });

    it.each([
      [{ capital: 1 }, 'kbli'],
      [{ kbli: '99999', capital: 1 }, 'kbli isKnownKbli'],
      [{ kbli: 47112, capital: 1 }, 'kbli'],
      [{ kbli: '47112' }, 'capital'],
      [{ kbli: '47112', capital: -1 }, 'capital min'],
      [{ kbli: '47112', capital: 1.5 }, 'capital isInt'],
      [{ kbli: '47112', capital: '50000000' }, 'capital isInt'],
      [{ kbli: '47112', capital: Number.POSITIVE_INFINITY }, 'capital'],
      [{ kbli: '47112', capital: 1e18 }, 'capital max'],
      [{ kbli: '47112', capital: 1, annualSales: -5 }, 'annualSales min'],
      [{ kbli: '47112', capital: 1, kind: 'PT' }, 'kind isIn'],
      [{ kbli: '47112', capital: 1, extra: true }, 'extra'],
    ])('%j is a 400 naming %s', async (query, named) => {
      const found = await violations(query);
      expect(found.some((v) => v.startsWith(named))).toBe(true);
    });
  });
});
