import { OfficerRole } from '@mpp/auth';

/**
 * Demo officers for local development and tests. The same users (ids, usernames, names, roles, office)
 * are in the Keycloak realm export deploy/keycloak/mpp-realm.json; a test keeps the two in step.
 */
export interface DemoOfficer {
  /** `sub` of their tokens (the Keycloak user id in the realm export). */
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  roles: OfficerRole[];
  /** 4-digit office code; none for the platform admin. */
  office?: string;
}

/** `firstName lastName`, as Keycloak's full-name mapper builds the `name` claim. */
export const fullName = (officer: Pick<DemoOfficer, 'firstName' | 'lastName'>) => `${officer.firstName} ${officer.lastName}`;

/** The four demo offices (Kemendagri kabupaten/kota codes). */
export const DEMO_OFFICES = [
  { code: '3373', slug: 'salatiga', name: 'DPMPTSP Kota Salatiga' },
  { code: '3314', slug: 'sragen', name: 'DPMPTSP Kabupaten Sragen' },
  { code: '6571', slug: 'tarakan', name: 'DPMPTSP Kota Tarakan' },
  { code: '7371', slug: 'makassar', name: 'DPMPTSP Kota Makassar' },
] as const;

/** Per office, in this order: front desk, verifier, head of office, office admin. */
const OFFICE_STAFF: Record<string, [string, string][]> = {
  '3373': [
    ['Rina', 'Kusuma'],
    ['Dewi', 'Lestari'],
    ['Bambang', 'Susilo'],
    ['Agus', 'Prasetyo'],
  ],
  '3314': [
    ['Sri', 'Wahyuni'],
    ['Joko', 'Santoso'],
    ['Hadi', 'Purnomo'],
    ['Endang', 'Suryani'],
  ],
  '6571': [
    ['Nur', 'Aisyah'],
    ['Rudi', 'Hartono'],
    ['Yusuf', 'Rahman'],
    ['Maria', 'Londa'],
  ],
  '7371': [
    ['Andi', 'Baso'],
    ['Fitri', 'Ramadhani'],
    ['Ahmad', 'Syarif'],
    ['Nurul', 'Hikmah'],
  ],
};

/** The office roles, in the order of OFFICE_STAFF, with the username suffix of each. */
const OFFICE_ROLES: [OfficerRole, string][] = [
  [OfficerRole.FRONT_DESK, 'frontdesk'],
  [OfficerRole.VERIFIER, 'verifier'],
  [OfficerRole.HEAD_OF_OFFICE, 'head-of-office'],
  [OfficerRole.OFFICE_ADMIN, 'admin'],
];

/**
 * Usernames are `<office>.frontdesk`, `<office>.verifier`, `<office>.head-of-office` and `<office>.admin`
 * (the office admin), e.g. `salatiga.verifier`, plus `platform.admin`. Ids are fixed UUIDs:
 * `0000<office code>-0000-4000-8000-00000000000<n>`, n = 1..4 in the role order above.
 */
export const DEMO_OFFICERS: readonly DemoOfficer[] = [
  ...DEMO_OFFICES.flatMap((office) =>
    OFFICE_ROLES.map(([role, suffix], i) => ({
      id: `0000${office.code}-0000-4000-8000-00000000000${i + 1}`,
      username: `${office.slug}.${suffix}`,
      firstName: OFFICE_STAFF[office.code][i][0],
      lastName: OFFICE_STAFF[office.code][i][1],
      roles: [role],
      office: office.code,
    })),
  ),
  {
    id: '00000000-0000-4000-8000-000000000099',
    username: 'platform.admin',
    firstName: 'Admin',
    lastName: 'Platform',
    roles: [OfficerRole.PLATFORM_ADMIN],
  },
];

export function findDemoOfficer(username: string): DemoOfficer | undefined {
  return DEMO_OFFICERS.find((officer) => officer.username === username);
}
