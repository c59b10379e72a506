import 'reflect-metadata';
import { RiskLevel } from '@mpp/contracts';
import { OfficerRole } from '@mpp/auth';
import {
  APPLICANT,
  CASE_ACTIONS,
  CASE_DECIDERS,
  CASE_READERS,
  CaseAction,
  CaseActor,
  CaseState,
  caseTransition,
  openingAction,
  statusesAllowing,
  SYSTEM,
} from './case-lifecycle';
import { CaseStatus } from './verification-case.entity';

/**
 * The whole transition table: every actor × every action × every status (and "no case yet"). Cells:
 *   `=/clock/holder`            allowed, status kept
 *   `→STATUS/clock/holder`      allowed, to STATUS; `/closes` when it sets the decision time
 *   `403`  forbidden ("Your role does not allow this action")
 *   `404`  "Case not found"
 *   `409`  "Case is <status>, not awaiting an officer"
 *   `409h` "Case is held by another verifier"
 *   `—`    ignored: "case is <status>" / "case is not open" (an event that does not apply)
 */
const COLUMNS = ['none', CaseStatus.AWAITING_OFFICER, CaseStatus.REVISION_REQUESTED, CaseStatus.VERIFIED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN] as const;
type Column = (typeof COLUMNS)[number];
type Grid = Record<CaseAction, readonly string[]>;

const NOTHING_ALLOWED = ['403', '403', '403', '403', '403', '403'];

/** A verifier on a case nobody holds, or one they hold themselves. */
const VERIFIER: Grid = {
  claim: ['404', '=/keep/actor', '409', '409', '409', '409'],
  release: ['404', '=/keep/nobody', '409', '409', '409', '409'],
  'decide-document': ['404', '=/keep/keep', '409', '409', '409', '409'],
  approve: ['404', '→VERIFIED/stop/keep/closes', '409', '409', '409', '409'],
  'request-revision': ['404', '→REVISION_REQUESTED/stop/actor', '409', '409', '409', '409'],
  reject: ['404', '→REJECTED/stop/keep/closes', '409', '409', '409', '409'],
  resubmit: NOTHING_ALLOWED,
  withdraw: NOTHING_ALLOWED,
  'upload-document': NOTHING_ALLOWED,
  open: NOTHING_ALLOWED,
  'verify-automatically': NOTHING_ALLOWED,
  'breach-service-level': NOTHING_ALLOWED,
  'deem-verified': NOTHING_ALLOWED,
};

/** A verifier on a case another verifier holds: the status is checked first, then the holder. */
const VERIFIER_OTHER_HOLDS: Grid = {
  claim: ['404', '409h', '409', '409', '409', '409'],
  release: ['404', '409h', '409', '409', '409', '409'],
  'decide-document': ['404', '409h', '409', '409', '409', '409'],
  approve: ['404', '409h', '409', '409', '409', '409'],
  'request-revision': ['404', '409h', '409', '409', '409', '409'],
  reject: ['404', '409h', '409', '409', '409', '409'],
  resubmit: NOTHING_ALLOWED,
  withdraw: NOTHING_ALLOWED,
  'upload-document': NOTHING_ALLOWED,
  open: NOTHING_ALLOWED,
  'verify-automatically': NOTHING_ALLOWED,
  'breach-service-level': NOTHING_ALLOWED,
  'deem-verified': NOTHING_ALLOWED,
};

/** Officers who see cases but do not decide them. */
const NON_DECIDING_OFFICER: Grid = {
  claim: NOTHING_ALLOWED,
  release: NOTHING_ALLOWED,
  'decide-document': NOTHING_ALLOWED,
  approve: NOTHING_ALLOWED,
  'request-revision': NOTHING_ALLOWED,
  reject: NOTHING_ALLOWED,
  resubmit: NOTHING_ALLOWED,
  withdraw: NOTHING_ALLOWED,
  'upload-document': NOTHING_ALLOWED,
  open: NOTHING_ALLOWED,
  'verify-automatically': NOTHING_ALLOWED,
  'breach-service-level': NOTHING_ALLOWED,
  'deem-verified': NOTHING_ALLOWED,
};

/** The applicant, through intake's events. */
const APPLICANT_GRID: Grid = {
  claim: NOTHING_ALLOWED,
  release: NOTHING_ALLOWED,
  'decide-document': NOTHING_ALLOWED,
  approve: NOTHING_ALLOWED,
  'request-revision': NOTHING_ALLOWED,
  reject: NOTHING_ALLOWED,
  resubmit: ['—', '—', '→AWAITING_OFFICER/resume/keep', '—', '—', '—'],
  withdraw: ['—', '→WITHDRAWN/stop/keep/closes', '→WITHDRAWN/stop/keep/closes', '—', '—', '—'],
  'upload-document': ['=/keep/keep', '=/keep/keep', '=/keep/keep', '=/keep/keep', '=/keep/keep', '=/keep/keep'],
  open: NOTHING_ALLOWED,
  'verify-automatically': NOTHING_ALLOWED,
  'breach-service-level': NOTHING_ALLOWED,
  'deem-verified': NOTHING_ALLOWED,
};

/** This service: opening, automatic verification, the service-level clock. */
const SYSTEM_GRID: Grid = {
  claim: NOTHING_ALLOWED,
  release: NOTHING_ALLOWED,
  'decide-document': NOTHING_ALLOWED,
  approve: NOTHING_ALLOWED,
  'request-revision': NOTHING_ALLOWED,
  reject: NOTHING_ALLOWED,
  resubmit: NOTHING_ALLOWED,
  withdraw: NOTHING_ALLOWED,
  'upload-document': NOTHING_ALLOWED,
  open: ['→AWAITING_OFFICER/start/keep', '—', '—', '—', '—', '—'],
  'verify-automatically': ['→VERIFIED/keep/keep/closes', '—', '—', '—', '—', '—'],
  'breach-service-level': ['—', '=/keep/keep', '—', '—', '—', '—'],
  'deem-verified': ['—', '→VERIFIED/stop/keep/closes', '—', '—', '—', '—'],
};

const officer = (id: string, ...roles: OfficerRole[]): CaseActor => ({ kind: 'officer', id, roles });

/** Each actor with the case's holder in every opened status, and the table it must follow. */
const ACTORS: { name: string; actor: CaseActor; holder: string | null; grid: Grid }[] = [
  { name: 'verifier, nobody holds the case', actor: officer('v-1', OfficerRole.VERIFIER), holder: null, grid: VERIFIER },
  { name: 'verifier holding the case', actor: officer('v-1', OfficerRole.VERIFIER), holder: 'v-1', grid: VERIFIER },
  { name: 'verifier, another verifier holds the case', actor: officer('v-1', OfficerRole.VERIFIER), holder: 'v-2', grid: VERIFIER_OTHER_HOLDS },
  { name: 'head of office who is also a verifier', actor: officer('h-1', OfficerRole.HEAD_OF_OFFICE, OfficerRole.VERIFIER), holder: null, grid: VERIFIER },
  { name: 'head of office', actor: officer('h-1', OfficerRole.HEAD_OF_OFFICE), holder: null, grid: NON_DECIDING_OFFICER },
  { name: 'head of office, the case held by them', actor: officer('h-1', OfficerRole.HEAD_OF_OFFICE), holder: 'h-1', grid: NON_DECIDING_OFFICER },
  { name: 'office admin', actor: officer('a-1', OfficerRole.OFFICE_ADMIN), holder: null, grid: NON_DECIDING_OFFICER },
  { name: 'front desk', actor: officer('f-1', OfficerRole.FRONT_DESK), holder: null, grid: NON_DECIDING_OFFICER },
  { name: 'officer without roles', actor: officer('x-1'), holder: null, grid: NON_DECIDING_OFFICER },
  { name: 'applicant', actor: APPLICANT, holder: null, grid: APPLICANT_GRID },
  { name: 'applicant, a verifier holds the case', actor: APPLICANT, holder: 'v-1', grid: APPLICANT_GRID },
  { name: 'system', actor: SYSTEM, holder: null, grid: SYSTEM_GRID },
  { name: 'system, a verifier holds the case', actor: SYSTEM, holder: 'v-1', grid: SYSTEM_GRID },
];

/** The lifecycle's answer written as a cell; refusal messages must be exactly the ones users and logs get. */
function cell(current: CaseState | undefined, action: CaseAction, actor: CaseActor): string {
  const t = caseTransition(current, action, actor);
  if (t.allowed) return [t.to ? `→${t.to}` : '=', t.clock, t.holder, ...(t.closes ? ['closes'] : [])].join('/');
  const { kind, message } = t.refusal;
  if (kind === 'forbidden' && message === 'Your role does not allow this action') return '403';
  if (kind === 'not-found' && message === 'Case not found') return '404';
  if (kind === 'conflict' && current && message === `Case is ${current.status}, not awaiting an officer`) return '409';
  if (kind === 'conflict' && message === 'Case is held by another verifier') return '409h';
  if (kind === 'ignored' && message === `case is ${current?.status ?? 'not open'}`) return '—';
  return `unexpected ${kind}: ${message}`;
}

function stateIn(column: Column, holder: string | null): CaseState | undefined {
  return column === 'none' ? undefined : { status: column, assignedTo: holder };
}

describe('verification case lifecycle', () => {
  it('has a column for every status and a row for every action', () => {
    expect(COLUMNS.slice(1)).toEqual(Object.values(CaseStatus));
    for (const grid of [VERIFIER, VERIFIER_OTHER_HOLDS, NON_DECIDING_OFFICER, APPLICANT_GRID, SYSTEM_GRID]) {
      expect(Object.keys(grid).sort()).toEqual([...CASE_ACTIONS].sort());
      for (const row of Object.values(grid)) expect(row).toHaveLength(COLUMNS.length);
    }
  });

  describe.each(ACTORS)('$name', ({ actor, holder, grid }) => {
    it.each(CASE_ACTIONS.map((action) => [action]))('%s', (action) => {
      expect(COLUMNS.map((column) => cell(stateIn(column, holder), action, actor))).toEqual(grid[action]);
    });
  });

  it('lets only verifiers decide, and verifiers, heads of office and office admins read', () => {
    expect(CASE_DECIDERS).toEqual([OfficerRole.VERIFIER]);
    expect(CASE_READERS).toEqual([OfficerRole.VERIFIER, OfficerRole.HEAD_OF_OFFICE, OfficerRole.OFFICE_ADMIN]);
  });

  it('names the statuses in which the service-level clock can be missed', () => {
    expect(statusesAllowing('breach-service-level', SYSTEM)).toEqual([CaseStatus.AWAITING_OFFICER]);
    expect(statusesAllowing('withdraw', APPLICANT)).toEqual([CaseStatus.AWAITING_OFFICER, CaseStatus.REVISION_REQUESTED]);
    expect(statusesAllowing('approve', APPLICANT)).toEqual([]);
  });

  it('verifies automatically only low and medium-low risk with every check passing', () => {
    const passing = [
      { name: 'nik-structure', passed: true },
      { name: 'kbli-known', passed: true },
    ];
    const failing = [...passing, { name: 'location-within-office', passed: false }];
    expect(openingAction(RiskLevel.RENDAH, passing)).toBe('verify-automatically');
    expect(openingAction(RiskLevel.MENENGAH_RENDAH, passing)).toBe('verify-automatically');
    expect(openingAction(RiskLevel.MENENGAH_TINGGI, passing)).toBe('open');
    expect(openingAction(RiskLevel.TINGGI, passing)).toBe('open');
    expect(openingAction(RiskLevel.RENDAH, failing)).toBe('open');
    expect(openingAction(RiskLevel.MENENGAH_RENDAH, failing)).toBe('open');
  });
});
