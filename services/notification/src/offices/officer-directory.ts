import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

export type OfficerDuty = 'headOfOffice' | 'verifiers';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Officers' work addresses per office, from OFFICE_CONTACTS (JSON: `{"3373": {"headOfOffice": ["…"],
 * "verifiers": ["…"]}}`), the office registry this service keeps in its configuration. The identity
 * provider holds who has which role, but its users' addresses are not published to services; an office
 * names the mailboxes (often shared ones) that should hear about service levels. Checked at start-up.
 */
export function parseOfficeContacts(raw: string | undefined): Map<string, Record<OfficerDuty, string[]>> {
  const result = new Map<string, Record<OfficerDuty, string[]>>();
  if (!raw || raw.trim() === '') return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('Invalid configuration:\n  - OFFICE_CONTACTS must be JSON: {"3373": {"headOfOffice": ["kepala@…"], "verifiers": ["verifikasi@…"]}}');
  }
  const problems: string[] = [];
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) problems.push('OFFICE_CONTACTS must be an object keyed by office code');
  else {
    for (const [office, duties] of Object.entries(parsed as Record<string, unknown>)) {
      if (!/^\d{4}$/.test(office)) problems.push(`OFFICE_CONTACTS: ${office} is not a 4-digit office code`);
      const entry: Record<OfficerDuty, string[]> = { headOfOffice: [], verifiers: [] };
      for (const [duty, list] of Object.entries((duties ?? {}) as Record<string, unknown>)) {
        if (duty !== 'headOfOffice' && duty !== 'verifiers') problems.push(`OFFICE_CONTACTS.${office}: unknown duty ${duty} (headOfOffice, verifiers)`);
        else if (!Array.isArray(list) || !list.every((a) => typeof a === 'string' && EMAIL.test(a))) problems.push(`OFFICE_CONTACTS.${office}.${duty} must be a list of email addresses`);
        else entry[duty] = list as string[];
      }
      result.set(office, entry);
    }
  }
  if (problems.length) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return result;
}

@Injectable()
export class OfficerDirectory {
  private readonly contacts: Map<string, Record<OfficerDuty, string[]>>;

  constructor(config: ConfigService) {
    this.contacts = parseOfficeContacts(config.get<string>('OFFICE_CONTACTS'));
  }

  addresses(officeCode: string, duty: OfficerDuty): string[] {
    return this.contacts.get(officeCode)?.[duty] ?? [];
  }
}
