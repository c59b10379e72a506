import { createHash } from 'node:crypto';
import { DEAD_LETTER_TOPICS, DocumentsVerifiedV1, EventActor, EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import { addWorkingDays } from '@mpp/domain';
import { KafkaProducer, OfflineKafkaProducer } from '@mpp/messaging';
import { documentsVerified, IssuanceHarness, nik, officeConfigured, startIssuanceHarness, verifiedActor, verifierActor } from '../../testing/issuance-fixtures';
import { ApprovalStatus } from '../approvals/approval-lifecycle';
import { ApprovalEntity } from '../approvals/approval.entity';
import { PermitStatus } from '../permit-lifecycle';
import { BusinessActorEntity } from '../permit.entities';
import { DocumentsVerifiedConsumer } from './documents-verified.consumer';

/** The DocumentsVerified consumer on the real database, a record handed to it directly (no broker, no HTTP). */
describe('DocumentsVerified consumer', () => {
  let h: IssuanceHarness;
  const calendar = { weekendDays: [0, 6], holidays: [] };

  beforeAll(async () => {
    h = await startIssuanceHarness();
    // Salatiga's configuration: approval due in 3 working days.
    expect(await h.deliverOfficeConfigured(officeConfigured({ serviceLevels: { verificationDays: 5, approvalDays: 3 }, calendar }))).toBe('processed');
  });
  afterAll(() => h?.close());

  const envelope = (payload: DocumentsVerifiedV1, actor: EventActor = verifiedActor(payload)) => h.envelope(EVENTS.DocumentsVerified, payload, { actor });
  const deliver = (e: ReturnType<typeof envelope>) => h.get(DocumentsVerifiedConsumer).handle(h.record(EVENTS.DocumentsVerified, e));
  const deadLetters = () => (h.get(KafkaProducer) as unknown as OfflineKafkaProducer).sent.flatMap((s) => s.messages.map((m) => ({ topic: s.topic, ...m })));

  it.each([
    [RiskLevel.RENDAH, [PermitType.NIB]],
    [RiskLevel.MENENGAH_RENDAH, [PermitType.NIB, PermitType.SERTIFIKAT_STANDAR]],
    [RiskLevel.MENENGAH_TINGGI, [PermitType.NIB, PermitType.SERTIFIKAT_STANDAR]],
  ])('%s: issues %j at once, each with its certificate; PermitIssued and the audit entry follow', async (risk, types) => {
    const payload = documentsVerified({ risk });
    const e = envelope(payload);
    expect(await deliver(e)).toBe('processed');

    const permits = await h.permitsOf(payload.applicationId);
    expect(permits.map((p) => p.type).sort()).toEqual([...types].sort());
    expect(permits.every((p) => p.status === PermitStatus.ACTIVE && p.officeCode === '3373' && p.validUntil === null)).toBe(true);
    for (const permit of permits) {
      const [certificate] = await h.certificatesOf(permit.number);
      expect(certificate).toMatchObject({ permitId: permit.id, version: 1, signatureStatus: 'SIGNED', signatureAlgorithm: 'Ed25519' });
      expect(certificate.sha256).toBe(createHash('sha256').update(certificate.pdf).digest('hex'));
    }

    const [issued] = await h.events(EVENTS.PermitIssued, payload.applicationId);
    expect(issued).toMatchObject({
      tenant: '3373',
      actor: { kind: 'system', id: 'permit-issuance' },
      correlationId: e.correlationId,
      causationId: e.eventId,
      payload: { applicationNumber: payload.applicationNumber, nib: permits.find((p) => p.type === PermitType.NIB)?.number },
    });
    expect(issued.payload.permits.map((p) => p.type).sort()).toEqual([...types].sort());
    expect(issued.payload.permits[0].verificationUrl).toMatch(/^https:\/\/izin\.example\.go\.id\/api\/v1\/permits\/.+\/verification$/);
    expect(await h.events(EVENTS.ApprovalRequested, payload.applicationId)).toEqual([]);

    const audit = await h.auditLog({ subjectId: payload.applicationNumber });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'permits.issued', office: '3373', actor: { kind: 'system', id: 'permit-issuance', role: null }, correlationId: e.correlationId }),
    ]);
  });

  it('TINGGI: the application waits for the head of office instead; nothing is issued', async () => {
    const payload = documentsVerified({ risk: RiskLevel.TINGGI });
    const e = envelope(payload);
    expect(await deliver(e)).toBe('processed');

    const approval = await h.dataSource.getRepository(ApprovalEntity).findOneByOrFail({ applicationId: payload.applicationId });
    expect(approval).toMatchObject({ status: ApprovalStatus.PENDING, officeCode: '3373', verifiedBy: verifierActor('3373'), decidedAt: null });
    expect(approval.dueAt).toEqual(addWorkingDays(approval.requestedAt, 3, calendar, 'Asia/Jakarta'));
    expect(await h.permitsOf(payload.applicationId)).toEqual([]);
    expect(await h.events(EVENTS.PermitIssued, payload.applicationId)).toEqual([]);

    const [requested] = await h.events(EVENTS.ApprovalRequested, payload.applicationId);
    expect(requested).toMatchObject({
      actor: { kind: 'system', id: 'permit-issuance' },
      causationId: e.eventId,
      payload: { approvalId: approval.id, applicationNumber: payload.applicationNumber, dueAt: approval.dueAt?.toISOString() },
    });
    expect(await h.auditLog({ subjectId: approval.id })).toEqual([
      expect.objectContaining({ action: 'approval.requested', office: '3373', actor: { kind: 'system', id: 'permit-issuance', role: null } }),
    ]);
  });

  it('keeps one NIB per business actor: a later application reuses it, and the NIB certificate gets a version listing both activities', async () => {
    const holder = nik();
    const first = documentsVerified({ risk: RiskLevel.RENDAH, nik: holder });
    const second = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH, nik: holder });
    await deliver(envelope(first));
    await deliver(envelope(second));

    const nibs = [...(await h.permitsOf(first.applicationId)), ...(await h.permitsOf(second.applicationId))].filter((p) => p.type === PermitType.NIB);
    expect(nibs).toHaveLength(2);
    expect(nibs[1].number).toBe(nibs[0].number);
    expect(await h.dataSource.getRepository(BusinessActorEntity).countBy({ identityKey: `NIK:${holder}` })).toBe(1);
    const versions = await h.certificatesOf(nibs[0].number);
    expect(versions.map((c) => [c.version, c.content.activities.map((a) => a.kbli)])).toEqual([
      [1, [first.business.kbli]],
      [2, [first.business.kbli, second.business.kbli]],
    ]);
  });

  it('gives a new business actor one NIB when two of its applications are issued at the same moment', async () => {
    const holder = nik();
    const applications = [documentsVerified({ risk: RiskLevel.RENDAH, nik: holder }), documentsVerified({ risk: RiskLevel.RENDAH, nik: holder })];
    expect(await Promise.all(applications.map((a) => deliver(envelope(a))))).toEqual(['processed', 'processed']);

    const nibs = (await Promise.all(applications.map((a) => h.permitsOf(a.applicationId)))).flat();
    expect(nibs.map((p) => p.type)).toEqual([PermitType.NIB, PermitType.NIB]);
    expect(nibs[1].number).toBe(nibs[0].number);
    expect(await h.dataSource.getRepository(BusinessActorEntity).countBy({ identityKey: `NIK:${holder}` })).toBe(1);
    // The application that found the actor registered waited for it: its certificate is version 2 and lists both.
    const versions = await h.certificatesOf(nibs[0].number);
    expect(versions.map((c) => [c.version, c.content.activities.length])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('issues under the rule set the application was decided under, and names its regulation on the certificate', async () => {
    const today = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH });
    const before = documentsVerified({ risk: RiskLevel.RENDAH, ruleSet: null });
    expect(await deliver(envelope(today))).toBe('processed');
    expect(await deliver(envelope(before))).toBe('processed');

    const permits = await h.permitsOf(today.applicationId);
    expect(permits.map((p) => [p.type, p.ruleSet]).sort()).toEqual([
      [PermitType.NIB, 'PP-28-2025'],
      [PermitType.SERTIFIKAT_STANDAR, 'PP-28-2025'],
    ]);
    const [standard] = await h.certificatesOf(permits.filter((p) => p.type === PermitType.SERTIFIKAT_STANDAR)[0].number);
    expect(standard.content.regulation).toEqual({
      short: 'PP 28/2025',
      title: 'Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko',
    });
    // An event from before rule sets were recorded: decided under PP 5/2021.
    const [nib] = await h.permitsOf(before.applicationId);
    expect(nib.ruleSet).toBe('PP-5-2021');
    expect((await h.certificatesOf(nib.number))[0].content.regulation?.short).toBe('PP 5/2021');
  });

  it('issues a Sertifikat Standar deemed verified under PP 28/2025 Pasal 225, recording the basis on the permit and its certificate', async () => {
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_TINGGI, verifiedBy: 'DEEMED', deemedBasis: 'PP 28/2025 Pasal 225' });
    expect(await deliver(envelope(payload))).toBe('processed');
    const permits = await h.permitsOf(payload.applicationId);
    expect(permits.map((p) => [p.type, p.deemedBasis ?? null]).sort()).toEqual([
      [PermitType.NIB, null],
      [PermitType.SERTIFIKAT_STANDAR, 'PP 28/2025 Pasal 225'],
    ]);
    const standard = permits.filter((p) => p.type === PermitType.SERTIFIKAT_STANDAR)[0];
    expect((await h.certificatesOf(standard.number))[0].content.deemedBasis).toBe('PP 28/2025 Pasal 225');
    const [audit] = await h.auditLog({ action: 'permits.issued', subjectId: payload.applicationNumber });
    expect(audit.details).toMatchObject({ deemed: { basis: 'PP 28/2025 Pasal 225', verifiedAt: payload.verifiedAt } });
  });

  it.each([
    ['under PP 5/2021', { ruleSet: null, deemedBasis: 'PP 28/2025 Pasal 225' }, RiskLevel.MENENGAH_TINGGI],
    ['without its legal basis', { deemedBasis: undefined }, RiskLevel.MENENGAH_TINGGI],
    ['of a risk level no lapse deems verified', { deemedBasis: 'PP 28/2025 Pasal 225' }, RiskLevel.MENENGAH_RENDAH],
  ])('dead-letters a deemed verification %s, storing nothing', async (_, options, risk) => {
    const payload = documentsVerified({ risk, verifiedBy: 'DEEMED', ...options });
    const before = deadLetters().length;
    expect(await deliver(envelope(payload))).toBe('dead-lettered');
    expect(await h.permitsOf(payload.applicationId)).toEqual([]);
    expect(deadLetters().slice(before)).toEqual([expect.objectContaining({ topic: DEAD_LETTER_TOPICS.issuance, key: payload.applicationId })]);
  });

  it('dead-letters an application decided under a rule set this platform does not know, storing nothing', async () => {
    const payload = documentsVerified({ risk: RiskLevel.RENDAH, ruleSet: 'PP-99-2030' });
    const before = deadLetters().length;
    expect(await deliver(envelope(payload))).toBe('dead-lettered');
    expect(await h.permitsOf(payload.applicationId)).toEqual([]);
    expect(deadLetters().slice(before)).toEqual([expect.objectContaining({ topic: DEAD_LETTER_TOPICS.issuance, key: payload.applicationId })]);
  });

  it('knows a business entity by its NPWP, in its 15- and 16-digit forms alike', async () => {
    const legacy = '012345678901234';
    const a = documentsVerified({ risk: RiskLevel.RENDAH, entityNpwp: legacy });
    const b = documentsVerified({ risk: RiskLevel.RENDAH, entityNpwp: `0${legacy}` });
    await deliver(envelope(a));
    await deliver(envelope(b));
    const [nibA] = await h.permitsOf(a.applicationId);
    const [nibB] = await h.permitsOf(b.applicationId);
    expect(nibB.number).toBe(nibA.number);
    const actor = await h.dataSource.getRepository(BusinessActorEntity).findOneByOrFail({ identityKey: `NPWP:0${legacy}` });
    expect(actor).toMatchObject({ kind: 'ENTITY', name: a.applicant.entity?.name, nib: nibA.number });
  });

  it('has one effect for a redelivered event, and for the same verification published twice', async () => {
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH });
    const e = envelope(payload);
    expect(await deliver(e)).toBe('processed');
    expect(await deliver(e)).toBe('duplicate');
    expect(await deliver(envelope(payload))).toBe('processed'); // another event id, same application

    expect(await h.permitsOf(payload.applicationId)).toHaveLength(2);
    expect(await h.events(EVENTS.PermitIssued, payload.applicationId)).toHaveLength(1);
    expect(await h.auditLog({ subjectId: payload.applicationNumber })).toHaveLength(1);

    const risky = documentsVerified({ risk: RiskLevel.TINGGI });
    await deliver(envelope(risky));
    await deliver(envelope(risky));
    expect(await h.dataSource.getRepository(ApprovalEntity).countBy({ applicationId: risky.applicationId })).toBe(1);
    expect(await h.events(EVENTS.ApprovalRequested, risky.applicationId)).toHaveLength(1);
  });

  it.each([
    ['a high-risk application verified automatically', documentsVerified({ risk: RiskLevel.TINGGI, verifiedBy: 'AUTOMATIC' }), undefined, undefined],
    ['documents verified by a verifier of another office', documentsVerified({ risk: RiskLevel.MENENGAH_TINGGI }), verifierActor('7371'), undefined],
    ['documents verified by an officer who is not a verifier', documentsVerified({ risk: RiskLevel.MENENGAH_TINGGI }), { kind: 'officer', id: 'fd', role: 'front-desk', office: '3373' }, undefined],
    ['an unknown office', documentsVerified({ risk: RiskLevel.RENDAH, office: '9999' }), undefined, undefined],
    ['an entity applicant without its entity', { ...documentsVerified({ risk: RiskLevel.RENDAH }), applicant: { nik: nik(), name: 'PT Tanpa NPWP', kind: 'ENTITY' as const } }, undefined, undefined],
    // Defence in depth: the event's word is not taken for what the rules decide.
    ['a medium-high-risk application verified automatically', documentsVerified({ risk: RiskLevel.MENENGAH_TINGGI, verifiedBy: 'AUTOMATIC' }), undefined, undefined],
    ['a risk level lower than its KBLI and scale give', { ...documentsVerified({ risk: RiskLevel.TINGGI }), riskLevel: RiskLevel.RENDAH, verifiedBy: 'AUTOMATIC' as const }, undefined, undefined],
    ['a business scale smaller than its capital gives', { ...documentsVerified({ risk: RiskLevel.RENDAH }), business: { ...documentsVerified().business, kbli: '47112', capital: 20_000_000_000 } }, undefined, undefined],
    ['an unknown KBLI', { ...documentsVerified({ risk: RiskLevel.RENDAH }), business: { ...documentsVerified().business, kbli: '99999' } }, undefined, undefined],
    ['an event whose tenant is not the application\'s office', documentsVerified({ risk: RiskLevel.RENDAH }), undefined, '3372'],
  ] as [string, DocumentsVerifiedV1, EventActor | undefined, string | undefined][])('dead-letters %s at once, storing nothing', async (_case, payload, actor, tenant) => {
    const before = deadLetters().length;
    const e = tenant ? h.envelope(EVENTS.DocumentsVerified, payload, { actor: actor ?? verifiedActor(payload), tenant }) : envelope(payload, actor ?? verifiedActor(payload));
    expect(await deliver(e)).toBe('dead-lettered');
    expect(deadLetters().slice(before)).toEqual([expect.objectContaining({ topic: DEAD_LETTER_TOPICS.issuance, key: payload.applicationId })]);
    expect(await h.permitsOf(payload.applicationId)).toEqual([]);
    expect(await h.dataSource.getRepository(ApprovalEntity).countBy({ applicationId: payload.applicationId })).toBe(0);
    expect(await h.outbox({ aggregateId: payload.applicationId })).toEqual([]);
    expect(await h.auditLog({ subjectId: payload.applicationNumber })).toEqual([]);
  });
});
