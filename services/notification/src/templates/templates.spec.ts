import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KINDS, LANGUAGES, NOTIFICATION_KINDS } from './catalogue';
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
