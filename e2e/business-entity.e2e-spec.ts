import { eventually } from '@mpp/testing';
import { application, call, documentsAccepted, Json, RunningPlatform, startPlatform } from './support/platform';

/**
 * Applications from a business entity (badan usaha): one NIB per business actor, an individual by NIK and
 * an entity by its own NPWP; the NIB is held in the entity's name; an entity's checklist asks for its deed.
 */
describe('business entities: one NIB per entity, known by its NPWP', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const PERSON_1 = '3373011203850301';
  const PERSON_2 = '3373011203850302';
  const DEED = { number: '7', date: '2019-08-21', notary: 'Dewi Lestari, S.H., M.Kn.', ministryApproval: 'AHU-0045678-AH.01.14 TAHUN 2019' };

  /** An application of CV Roti Makmur filed by `nik` acting for it. */
  function cvApplication(nik: string, npwp: string, kbli = '10710') {
    const base = application({ nik, kbli });
    return {
      ...base,
      applicant: {
        nik,
        name: nik === PERSON_1 ? 'Budi Santoso' : 'Rina Wulandari',
        kind: 'ENTITY',
        entity: { form: 'CV', name: 'CV Roti Makmur', npwp, deed: DEED },
      },
      business: { ...base.business, name: 'Roti Makmur Salatiga' },
    };
  }

  async function submitted(body: Json) {
    const res = await call(`${platform.intake}/api/v1/applications`, { body });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { applicationNumber: string; trackingCode: string };
  }

  async function status(app: { applicationNumber: string; trackingCode: string }, wanted: string) {
    return eventually<Json>(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
      return r.body.status === wanted ? r.body : undefined;
    });
  }

  const nibOf = (view: Json) => view.permits.find((p: Json) => p.type === 'NIB')?.number as string;

  it('issues a CV an NIB in its name, reuses it for the CV whoever acts for it, and keeps individuals apart', async () => {
    // A CV, medium-low risk (roti & kue, micro): verified automatically, NIB + Sertifikat Standar.
    const first = await submitted(cvApplication(PERSON_1, '02.183.241.5-000.000'));
    const firstIssued = await status(first, 'ISSUED');
    expect(firstIssued).toMatchObject({ riskLevel: 'MENENGAH_RENDAH', checklist: [] });
    expect(firstIssued.permits.map((p: Json) => p.type).sort()).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);
    const cvNib = nibOf(firstIssued);
    expect(cvNib).toMatch(/^\d{13}$/);

    // The public verification page names the CV as the NIB's holder, not the person who filed.
    const page = await call(`${platform.issuance}/api/v1/permits/${cvNib}/verification`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ type: 'NIB', valid: true, holderName: 'CV Roti Makmur' });
    expect(JSON.stringify(page.body)).not.toContain(PERSON_1);

    // The same CV again (its NPWP in the 16-digit form, another person acting for it), medium-high risk
    // (parking): the checklist asks for the deed right after the KTP; once accepted, the CV's NIB is reused.
    const second = await submitted(cvApplication(PERSON_2, '0021832415000000', '52215'));
    const submittedView = await status(second, 'UNDER_VERIFICATION');
    expect(submittedView.checklist).toEqual(['KTP', 'AKTA_PENDIRIAN', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR']);
    const verifier = await platform.token('salatiga.verifier');
    const found = await eventually<Json>(async () => {
      const r = await call(`${platform.verification}/api/v1/cases?status=AWAITING_OFFICER`, { token: verifier });
      return r.body.find((c: Json) => c.applicationNumber === second.applicationNumber);
    });
    const caseView = await call(`${platform.verification}/api/v1/cases/${found.id}`, { token: verifier });
    expect(caseView.body.checklist).toEqual(submittedView.checklist);
    await documentsAccepted(platform, second, found.id, verifier);
    const approved = await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: verifier });
    expect(approved.status).toBe(200);
    const secondIssued = await status(second, 'ISSUED');
    expect(nibOf(secondIssued)).toBe(cvNib);

    // The person who acted for the CV, applying as an individual, is another business actor: another NIB.
    const own = await submitted(application({ nik: PERSON_1, kbli: '10710' }));
    const ownIssued = await status(own, 'ISSUED');
    expect(nibOf(ownIssued)).toMatch(/^\d{13}$/);
    expect(nibOf(ownIssued)).not.toBe(cvNib);
    const ownPage = await call(`${platform.issuance}/api/v1/permits/${nibOf(ownIssued)}/verification`);
    expect(ownPage.body).toMatchObject({ type: 'NIB', holderName: 'Siti Rahayu' });

    // The CV's NIB now covers both activities and still names the CV.
    const later = await call(`${platform.issuance}/api/v1/permits/${cvNib}/verification`);
    expect(later.body).toMatchObject({ holderName: 'CV Roti Makmur' });
    expect(later.body.activities.map((a: Json) => a.kbli).sort()).toEqual(['10710', '52215']);
  });

  it('refuses a PT without its deed and an entity whose NPWP is a NIK, naming the field', async () => {
    const pt = cvApplication('3373011203850303', '01.312.166.0-091.000');
    const { deed: _deed, ...withoutDeed } = pt.applicant.entity;
    const noDeed = await call(`${platform.intake}/api/v1/applications`, {
      body: { ...pt, applicant: { ...pt.applicant, entity: { ...withoutDeed, form: 'PT', name: 'PT Sinar Makmur' } } },
    });
    expect(noDeed.status).toBe(400);
    expect(noDeed.body.details).toEqual([expect.objectContaining({ field: 'applicant.entity.deed', rule: 'isDefined' })]);
    expect(noDeed.body.message).toContain('applicant.entity.deed');

    const nikAsNpwp = await call(`${platform.intake}/api/v1/applications`, { body: cvApplication('3373011203850304', '3373011203850304') });
    expect(nikAsNpwp.status).toBe(400);
    expect(nikAsNpwp.body.details).toEqual([expect.objectContaining({ field: 'applicant.entity.npwp', rule: 'isEntityNpwp' })]);
    expect(nikAsNpwp.body.message).toMatch(/applicant\.entity\.npwp must be the business entity's own NPWP/);

    const individualWithEntity = await call(`${platform.intake}/api/v1/applications`, {
      body: { ...pt, applicant: { ...pt.applicant, kind: 'INDIVIDUAL' } },
    });
    expect(individualWithEntity.status).toBe(400);
    expect(individualWithEntity.body.details).toEqual([expect.objectContaining({ field: 'applicant.entity', rule: 'absentForIndividual' })]);
  });
});
