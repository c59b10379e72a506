import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APPLICANT_NOTIFICATION_KINDS } from '@mpp/contracts';
import { KINDS, LANGUAGES, MessageFields, NOTIFICATION_KINDS, NotificationKind } from './catalogue';
import { DEFAULT_TEMPLATES } from './default-templates';
import { placeholdersOf, renderMessage, templateProblems } from './render';
import { TemplateRegistry } from './template-registry';

function overridesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mpp-templates-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('default templates', () => {
  it.each(NOTIFICATION_KINDS.flatMap((k) => LANGUAGES.map((l) => [k, l] as const)))('%s in %s uses every required field and no unknown one', (kind, language) => {
    expect(templateProblems(DEFAULT_TEMPLATES[kind][language], KINDS[kind])).toEqual([]);
  });

  it('never has a field for the tracking code, in any form', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(Object.keys(KINDS[kind].fields).filter((f) => /tracking.?code/i.test(f))).toEqual([]);
      for (const language of LANGUAGES) expect(placeholdersOf(DEFAULT_TEMPLATES[kind][language].sms).filter((f) => /code/i.test(f))).toEqual([]);
    }
  });

  it("lists every applicant's message in the status view as a kind it knows (NotificationSent)", () => {
    const applicantKinds = NOTIFICATION_KINDS.filter((k) => KINDS[k].audience === 'applicant');
    expect(applicantKinds.map((k) => KINDS[k].announcedAs ?? k).filter((k) => !(APPLICANT_NOTIFICATION_KINDS as readonly string[]).includes(k))).toEqual([]);
    expect(KINDS.ISSUED_DEEMED.announcedAs).toBe('ISSUED');
  });
});

describe('fiktif positif messages (deemed approval, PP 28/2025)', () => {
  const layout = { language: 'id' as const, officeName: 'DPMPTSP Kota Salatiga' };
  const officer = { applicationNumber: 'MPP-3373-2026-000007', officeName: 'DPMPTSP Kota Salatiga', dueAt: '1 Desember 2026 pukul 23.59' };
  const render = (kind: NotificationKind, language: 'id' | 'en', fields: MessageFields) => renderMessage(DEFAULT_TEMPLATES[kind][language], KINDS[kind], fields, { ...layout, language });
  /** A text with its line breaks as spaces, so that a sentence reads as one. */
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  it('tells the applicant, in Bahasa Indonesia and in English, by email and SMS, which permit was issued by operation of law and under what', () => {
    const fields = {
      applicationNumber: 'MPP-3373-2026-000007',
      officeName: 'DPMPTSP Kota Salatiga',
      businessName: 'Klinik Sehat',
      nib: '2811260000001',
      permits: ['NIB: 2811260000001', 'Izin: 503/IZ/3373/0001'],
      links: ['Izin 503/IZ/3373/0001, sertifikat: https://izin.example.go.id/c/1'],
      issuedAt: '2 Desember 2026 pukul 09.00',
      deemedPermits: 'Izin 503/IZ/3373/0001',
      deemedBasis: 'PP 28/2025 Pasal 230',
    };
    const id = render('ISSUED_DEEMED', 'id', fields);
    expect(id.subject).toBe('Izin untuk permohonan MPP-3373-2026-000007 telah terbit (fiktif positif)');
    expect(flat(id.text)).toContain(
      'Izin 503/IZ/3373/0001 terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230, karena DPMPTSP Kota Salatiga tidak memberikan keputusan sampai batas waktunya.',
    );
    expect(id.text).toContain('- NIB: 2811260000001\n- Izin: 503/IZ/3373/0001');
    expect(id.html).toContain('<strong>PP 28/2025 Pasal 230</strong>');
    expect(id.sms).toContain('Izin 503/IZ/3373/0001 terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230');
    expect(id.sms).toContain('NIB 2811260000001');

    const en = render('ISSUED_DEEMED', 'en', { ...fields, deemedPermits: 'Izin (licence) 503/IZ/3373/0001' });
    expect(flat(en.text)).toContain(
      'Izin (licence) 503/IZ/3373/0001 was issued by operation of law (fiktif positif) under PP 28/2025 Pasal 230, because DPMPTSP Kota Salatiga did not decide by the deadline.',
    );
    expect(en.sms).toContain('issued by operation of law (fiktif positif) under PP 28/2025 Pasal 230');
  });

  it('warns officers that a lapse deems the Sertifikat Standar verified, or issues the Izin, naming the basis', () => {
    const verification = render('SLA_DUE_SOON_DEEMED', 'id', { ...officer, stage: 'verifikasi', deemedBasis: 'PP 28/2025 Pasal 225' });
    expect(verification.subject).toBe('Batas waktu layanan besok, fiktif positif: permohonan MPP-3373-2026-000007');
    expect(flat(verification.text)).toContain('Tahap verifikasi permohonan MPP-3373-2026-000007 di DPMPTSP Kota Salatiga jatuh tempo paling lambat 1 Desember 2026 pukul 23.59');
    expect(flat(verification.text)).toContain('Sertifikat Standar permohonan ini dianggap terverifikasi karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 225.');

    const approval = render('APPROVAL_DUE_SOON_DEEMED', 'id', { ...officer, deemedBasis: 'PP 28/2025 Pasal 230' });
    expect(approval.subject).toBe('Batas waktu persetujuan besok, fiktif positif: permohonan MPP-3373-2026-000007');
    expect(flat(approval.text)).toContain('Persetujuan Izin permohonan MPP-3373-2026-000007 di DPMPTSP Kota Salatiga jatuh tempo paling lambat 1 Desember 2026 pukul 23.59');
    expect(flat(approval.text)).toContain('Bila belum diputuskan sampai batas waktu tersebut, Izin terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230.');

    const plain = render('APPROVAL_DUE_SOON', 'id', officer);
    expect(plain.subject).toBe('Batas waktu persetujuan besok: permohonan MPP-3373-2026-000007');
    expect(plain.text).not.toMatch(/fiktif positif|karena hukum/);
  });

  it('tells the head of office that the Izin was issued by operation of law because the approval due date passed', () => {
    const message = render('APPROVAL_DEEMED_ISSUED', 'id', { ...officer, deemedBasis: 'PP 28/2025 Pasal 230' });
    expect(message.subject).toBe('Izin terbit karena hukum (fiktif positif): permohonan MPP-3373-2026-000007');
    expect(flat(message.text)).toContain('tidak diputuskan sampai batas waktunya (1 Desember 2026 pukul 23.59)');
    expect(flat(message.text)).toContain('Izin telah terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230');
    expect(message.text).not.toContain('/unsubscribe/');
  });

  it("refuses an office's own fiktif positif template that leaves out the legal basis", () => {
    const template = { ...DEFAULT_TEMPLATES.ISSUED_DEEMED.id, body: DEFAULT_TEMPLATES.ISSUED.id.body, sms: DEFAULT_TEMPLATES.ISSUED.id.sms };
    expect(templateProblems(template, KINDS.ISSUED_DEEMED)).toEqual([
      'the message leaves out the required field {{deemedPermits}}',
      'the message leaves out the required field {{deemedBasis}}',
      'sms leaves out the required field {{deemedPermits}}',
      'sms leaves out the required field {{deemedBasis}}',
    ]);
    for (const kind of ['SLA_DUE_SOON_DEEMED', 'APPROVAL_DUE_SOON_DEEMED', 'APPROVAL_DEEMED_ISSUED'] as const) {
      expect(templateProblems({ ...DEFAULT_TEMPLATES[kind].id, body: 'Permohonan {{applicationNumber}}, {{dueAt}}.' }, KINDS[kind])).toEqual([
        'the message leaves out the required field {{deemedBasis}}',
      ]);
    }
  });
});

describe('templateProblems', () => {
  const received = KINDS.RECEIVED;
  const good = DEFAULT_TEMPLATES.RECEIVED.id;

  it('names a required field the message leaves out, an unknown field and an SMS without its fields', () => {
    expect(templateProblems({ ...good, subject: 'Diterima', body: 'Terima kasih.', sms: 'Diterima {{nomor}}' }, received)).toEqual([
      'sms uses unknown field {{nomor}}',
      'the message leaves out the required field {{applicationNumber}}',
      'the message leaves out the required field {{trackingUrl}}',
      'sms leaves out the required field {{applicationNumber}}',
    ]);
  });

  it('wants a list field in a paragraph of its own and nowhere but the body', () => {
    const revision = KINDS.REVISION_REQUESTED;
    const base = DEFAULT_TEMPLATES.REVISION_REQUESTED.en;
    expect(templateProblems({ ...base, body: 'Fix {{reasons}} for {{applicationNumber}} at {{trackingUrl}}' }, revision)).toEqual([
      'body: the list field {{reasons}} must stand in a paragraph of its own',
    ]);
    expect(templateProblems({ ...base, sms: '{{applicationNumber}} {{reasons}}' }, revision)).toEqual(['sms uses the list field {{reasons}} (lists belong in the body)']);
  });

  it('reports missing parts', () => {
    expect(templateProblems({ subject: 'x' }, received)).toEqual(['body is missing', 'sms is missing']);
  });
});

describe('TemplateRegistry', () => {
  it("uses an office's own template and the default for the rest", () => {
    const dir = overridesDir({
      '3373/RECEIVED.id.json': JSON.stringify({
        subject: 'Salatiga: permohonan {{applicationNumber}} diterima',
        body: 'Pantau di {{trackingUrl}}.',
        sms: 'Salatiga {{applicationNumber}}',
      }),
    });
    const registry = new TemplateRegistry(dir);
    expect(registry.overrides()).toEqual(['3373/RECEIVED.id']);
    expect(registry.template('RECEIVED', 'id', '3373').subject).toBe('Salatiga: permohonan {{applicationNumber}} diterima');
    expect(registry.template('RECEIVED', 'en', '3373')).toBe(DEFAULT_TEMPLATES.RECEIVED.en);
    expect(registry.template('RECEIVED', 'id', '3374')).toBe(DEFAULT_TEMPLATES.RECEIVED.id);
  });

  it('refuses to start with a template missing a field, naming the file and the field, and with files it does not know', () => {
    const dir = overridesDir({
      '3373/ISSUED.en.json': JSON.stringify({ subject: 'Issued', body: 'Your permits:\n\n{{permits}}', sms: '{{applicationNumber}} {{nib}}' }),
      '3373/ISSUED.fr.json': '{}',
      '3373/RECEIVED.id.json': 'not json',
      salatiga: '',
    });
    let message = '';
    try {
      new TemplateRegistry(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('Invalid notification templates');
    expect(message).toContain('3373/ISSUED.en.json: the message leaves out the required field {{applicationNumber}}');
    expect(message).toContain('3373/ISSUED.en.json: the message leaves out the required field {{nib}}');
    expect(message).toContain('3373/ISSUED.fr.json: expected <KIND>.<id|en>.json');
    expect(message).toContain('3373/RECEIVED.id.json: not JSON');
    expect(() => new TemplateRegistry('/nonexistent/templates')).toThrow('NOTIFY_TEMPLATES_DIR /nonexistent/templates is not a directory');
  });
});

describe('renderMessage', () => {
  const layout = { language: 'id' as const, officeName: 'DPMPTSP Kota Salatiga', officeAddress: 'Jl. Sukowati 51', unsubscribeUrl: 'https://mpp.example/u/1/t' };

  it('writes plain text and HTML from the same words, with the signature and the unsubscribe link', () => {
    const message = renderMessage(DEFAULT_TEMPLATES.REVISION_REQUESTED.id, KINDS.REVISION_REQUESTED, {
      applicationNumber: 'MPP-3373-2026-000001',
      officeName: 'DPMPTSP Kota Salatiga',
      businessName: 'Warung <b>Siti</b>',
      reasons: ['KTP tidak terbaca', 'Foto lokasi kurang jelas'],
      trackingUrl: 'https://mpp.example/lacak?nomor=MPP-3373-2026-000001',
    }, layout);
    expect(message.subject).toBe('Permohonan MPP-3373-2026-000001 perlu diperbaiki');
    expect(message.text).toContain('- KTP tidak terbaca\n- Foto lokasi kurang jelas');
    expect(message.text).toContain('Berhenti menerima pesan tentang permohonan ini: https://mpp.example/u/1/t');
    expect(message.text).toContain('Hormat kami,\nDPMPTSP Kota Salatiga\nJl. Sukowati 51');
    expect(message.html).toContain('<ul><li>KTP tidak terbaca</li><li>Foto lokasi kurang jelas</li></ul>');
    expect(message.html).toContain('<a href="https://mpp.example/lacak?nomor=MPP-3373-2026-000001">');
    expect(message.html).toContain('<a href="https://mpp.example/u/1/t">');
    expect(message.html).toContain('Warung &lt;b&gt;Siti&lt;/b&gt;');
    expect(message.html).not.toContain('<b>Siti</b>');
    expect(message.html).toContain('<html lang="id">');
  });

  it('keeps values that carry line breaks out of the subject line', () => {
    const message = renderMessage(DEFAULT_TEMPLATES.REVOKED.en, KINDS.REVOKED, { applicationNumber: 'A', permitNumber: 'X\r\nBcc: someone@example.com', reason: 'r' }, { ...layout, language: 'en' });
    expect(message.subject).toBe('Permit X Bcc: someone@example.com revoked');
  });
});
