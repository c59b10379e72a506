import { PermitType } from '@mpp/contracts';

/**
 * The permit data the office signs: what the public verification page shows, in a fixed form. For an NIB
 * the holder is the business actor and `kbli` lists every activity licensed under it so far.
 */
export interface CanonicalPermitData {
  number: string;
  type: PermitType;
  holder: string;
  kbli: string[];
  /** Office code. */
  office: string;
  issuedAt: string;
  validUntil: string | null;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Canonical JSON (in the spirit of RFC 8785 for the values used here): object keys sorted by code point,
 * no white space, arrays in order, strings escaped by JSON.stringify. Equal data gives equal bytes.
 */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/** The bytes that are signed and verified. */
export function signedBytes(data: CanonicalPermitData): Buffer {
  return Buffer.from(canonicalJson(data as unknown as Json), 'utf8');
}

export function canonicalPermitData(input: {
  number: string;
  type: PermitType;
  holder: string;
  kbli: readonly string[];
  office: string;
  issuedAt: Date;
  validUntil: Date | null;
}): CanonicalPermitData {
  return {
    number: input.number,
    type: input.type,
    holder: input.holder,
    kbli: [...input.kbli],
    office: input.office,
    issuedAt: input.issuedAt.toISOString(),
    validUntil: input.validUntil ? input.validUntil.toISOString() : null,
  };
}
