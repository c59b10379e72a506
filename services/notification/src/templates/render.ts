import { KindFields, Language, MessageFields, MessageTemplate } from './catalogue';
import { LAYOUT } from './default-templates';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The field names a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * What is wrong with a template for its kind: an unknown field, a required field the message leaves out, a
 * list field outside a paragraph of its own, or an SMS text without its required fields. Empty when fine.
 */
export function templateProblems(template: Partial<MessageTemplate>, kind: KindFields): string[] {
  const problems: string[] = [];
  for (const part of ['subject', 'body', 'sms'] as const) {
    if (typeof template[part] !== 'string' || template[part].trim() === '') problems.push(`${part} is missing`);
  }
  if (problems.length) return problems;
  const { subject, body, sms } = template as MessageTemplate;
  for (const [part, text] of Object.entries({ subject, body, sms })) {
    for (const name of placeholdersOf(text)) {
      if (!(name in kind.fields)) problems.push(`${part} uses unknown field {{${name}}}`);
      else if (kind.fields[name] === 'list' && part !== 'body') problems.push(`${part} uses the list field {{${name}}} (lists belong in the body)`);
    }
  }
  const inEmail = new Set([...placeholdersOf(subject), ...placeholdersOf(body)]);
  for (const name of kind.required) if (!inEmail.has(name)) problems.push(`the message leaves out the required field {{${name}}}`);
  const inSms = new Set(placeholdersOf(sms));
  for (const name of kind.smsRequired) if (!inSms.has(name)) problems.push(`sms leaves out the required field {{${name}}}`);
  for (const paragraph of body.split(/\n\s*\n/)) {
    const lists = placeholdersOf(paragraph).filter((n) => kind.fields[n] === 'list');
    if (lists.length && paragraph.trim() !== `{{${lists[0]}}}`) problems.push(`body: the list field {{${lists[0]}}} must stand in a paragraph of its own`);
  }
  if (/\r/.test(subject) || /\n/.test(subject)) problems.push('subject must be one line');
  return problems;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function asText(value: string | string[] | undefined): string {
  if (value === undefined) return '-';
  return Array.isArray(value) ? value.join(', ') : value;
}

function fill(text: string, fields: MessageFields, render: (name: string, value: string | string[] | undefined) => string): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => render(name, fields[name]));
}

/** A line of a text field may not break the line it is in (no header injection in the subject, either). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export interface Layout {
  language: Language;
  officeName: string;
  officeAddress?: string;
  /** Where the recipient stops messages about this application (absent for officers). */
  unsubscribeUrl?: string;
}

/**
 * One message in both forms: plain text, and HTML made from the same paragraphs (links clickable, lists as
 * bullet lists, every value escaped), each with the greeting, the office's signature and the unsubscribe
 * link. Values are the event's data and never markup.
 */
export function renderMessage(template: MessageTemplate, kind: KindFields, fields: MessageFields, layout: Layout): RenderedMessage {
  const words = LAYOUT[layout.language];
  const subject = fill(template.subject, fields, (_n, v) => oneLine(asText(v)));
  const sms = fill(template.sms, fields, (_n, v) => oneLine(asText(v)));
  const paragraphs = template.body.split(/\n\s*\n/).map((p) => p.trim());

  const textParagraphs = paragraphs.map((p) =>
    fill(p, fields, (name, v) => (kind.fields[name] === 'list' ? (Array.isArray(v) ? v : [asText(v)]).map((item) => `- ${oneLine(item)}`).join('\n') : oneLine(asText(v)))),
  );
  const signature = [words.signature, layout.officeName, ...(layout.officeAddress ? [layout.officeAddress] : [])];
  const footer = layout.unsubscribeUrl ? [`${words.why}`, `${words.unsubscribe}: ${layout.unsubscribeUrl}`] : [];
  const text = [words.greeting, ...textParagraphs, signature.join('\n'), ...(footer.length ? ['--', footer.join('\n')] : [])].join('\n\n') + '\n';

  const htmlParagraphs = paragraphs.map((p) => {
    const list = placeholdersOf(p).find((n) => kind.fields[n] === 'list');
    if (list && p === `{{${list}}}`) {
      const value = fields[list];
      const items = Array.isArray(value) ? value : [asText(value)];
      return `<ul>${items.map((item) => `<li>${linkify(item)}</li>`).join('')}</ul>`;
    }
    const parts = p.split(PLACEHOLDER);
    // split() with a capturing group: even indexes are literal text, odd ones field names.
    const html = parts
      .map((part, i) => {
        if (i % 2 === 0) return escapeHtml(part);
        const value = oneLine(asText(fields[part]));
        return kind.fields[part] === 'url' ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : `<strong>${escapeHtml(value)}</strong>`;
      })
      .join('');
    return `<p>${html.replace(/\n/g, '<br>')}</p>`;
  });
  const html = [
    '<!doctype html>',
    `<html lang="${layout.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em">',
    `<p>${escapeHtml(words.greeting)}</p>`,
    ...htmlParagraphs,
    `<p>${signature.map(escapeHtml).join('<br>')}</p>`,
    ...(layout.unsubscribeUrl
      ? [
          `<hr><p style="font-size: 0.85em; color: #555">${escapeHtml(words.why)}<br>`,
          `<a href="${escapeHtml(layout.unsubscribeUrl)}">${escapeHtml(words.unsubscribe)}</a></p>`,
        ]
      : []),
    '</body></html>',
  ].join('\n');
  return { subject, text, html, sms };
}

/** A list item that is "label: https://…" gets its address as a link. */
function linkify(item: string): string {
  const match = /^(.*?)(https?:\/\/\S+)$/.exec(item);
  if (!match) return escapeHtml(item);
  return `${escapeHtml(match[1])}<a href="${escapeHtml(match[2])}">${escapeHtml(match[2])}</a>`;
}
