import { ForbiddenException } from '@nestjs/common';
import type { Officer } from '@mpp/auth';

/**
 * The office an officer acts for. Every office-scoped query filters on it; an officer without one (which
 * token validation already prevents for office roles) is refused rather than left unfiltered.
 */
export function officeOf(officer: Officer): string {
  if (!officer.office) throw new ForbiddenException('No office in the officer token');
  return officer.office;
}
