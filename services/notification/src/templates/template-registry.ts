import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { KINDS, Language, LANGUAGES, MessageTemplate, NOTIFICATION_KINDS, NotificationKind } from './catalogue';
import { DEFAULT_TEMPLATES } from './default-templates';
import { templateProblems } from './render';

const OVERRIDE_FILE = /^([A-Z_]+)\.(id|en)\.json$/;

/**
 * Every template the service may send, checked once when the service starts: the defaults, and each office's
 * own from `<dir>/<officeCode>/<KIND>.<language>.json`. Any problem (an unknown kind, language or field, a
 * required field left out, a file that is not JSON) stops the start with one message naming all of them.
 */
export class TemplateRegistry {
  private readonly offices = new Map<string, MessageTemplate>();

  constructor(overridesDir?: string) {
    const problems: string[] = [];
    for (const kind of NOTIFICATION_KINDS) {
      for (const language of LANGUAGES) {
        for (const p of templateProblems(DEFAULT_TEMPLATES[kind][language], KINDS[kind])) problems.push(`default ${kind}.${language}: ${p}`);
      }
    }
    if (overridesDir) this.loadOverrides(overridesDir, problems);
    if (problems.length) throw new Error(`Invalid notification templates:\n  - ${problems.join('\n  - ')}`);
  }

  /** The office's own template when it has one, the default otherwise. */
  template(kind: NotificationKind, language: Language, officeCode: string): MessageTemplate {
    return this.offices.get(`${officeCode}/${kind}.${language}`) ?? DEFAULT_TEMPLATES[kind][language];
  }

  /** Offices with templates of their own, and which. */
  overrides(): string[] {
    return [...this.offices.keys()].sort();
  }

  private loadOverrides(dir: string, problems: string[]): void {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`NOTIFY_TEMPLATES_DIR ${dir} is not a directory`);
      return;
    }
    for (const office of readdirSync(dir).sort()) {
      const officeDir = path.join(dir, office);
      if (!statSync(officeDir).isDirectory()) continue;
      if (!/^\d{4}$/.test(office)) {
        problems.push(`${office}: expected a folder per office named by its 4-digit code`);
        continue;
      }
      for (const file of readdirSync(officeDir).sort()) {
        const where = `${office}/${file}`;
        const match = OVERRIDE_FILE.exec(file);
        if (!match || !(NOTIFICATION_KINDS as readonly string[]).includes(match[1])) {
          problems.push(`${where}: expected <KIND>.<id|en>.json with KIND one of ${NOTIFICATION_KINDS.join(', ')}`);
          continue;
        }
        const kind = match[1] as NotificationKind;
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(path.join(officeDir, file), 'utf8'));
        } catch (err) {
          problems.push(`${where}: not JSON (${(err as Error).message})`);
          continue;
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
          problems.push(`${where}: expected an object with subject, body and sms`);
          continue;
        }
        const template = parsed as Partial<MessageTemplate>;
        const found = templateProblems(template, KINDS[kind]);
        for (const p of found) problems.push(`${where}: ${p}`);
        if (!found.length) this.offices.set(`${office}/${kind}.${match[2] as Language}`, template as MessageTemplate);
      }
    }
  }
}
