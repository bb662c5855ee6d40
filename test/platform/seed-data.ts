/** Word lists for seeded people and traffic. Example domains and documentation IP ranges only. */

export const FIRST_NAMES: readonly string[] = (
  'Aaliyah Aarav Abdul Ada Adebayo Aiko Alejandro Amara Anders Ana Anja Arjun Astrid Ayesha Bao ' +
  'Beatriz Bjorn Camille Carlos Chen Chiara Chloe Dario Deepa Dmitri Elena Emeka Emma Farah Fatima ' +
  'Felix Freya Gabriel Grace Hana Hugo Ibrahim Ines Isla Ivan Jamal Javier Jin Joao Julia Kai Kavya ' +
  'Kenji Kwame Lara Leila Liam Lucia Mateo Maya Mei Mohammed Nadia Niamh Nikolai Noah Olga Omar ' +
  'Priya Rafael Rania Ravi Rosa Sami Sanjay Sofia Soren Tariq Tomas Uma Valentina Wei Yara Yusuf ' +
  'Zanele Zoe'
).split(' ');

export const LAST_NAMES: readonly string[] = (
  'Abara Adeyemi Ahmed Alvarez Andersen Bakker Banerjee Becker Bianchi Brown Castillo Chen Costa ' +
  'Dang Dubois Eriksson Fernandes Fischer Garcia Gupta Haddad Hansen Hernandez Hoffmann Ibrahim Ito ' +
  'Jensen Kaur Kim Kowalski Kumar Larsen Lee Lopez Mahlangu Martin Meyer Moreau Murphy Nakamura ' +
  'Nguyen Novak Okafor Oliveira Osei Park Patel Petrov Quispe Rahman Rossi Santos Sato Schmidt ' +
  'Silva Singh Smith Suzuki Tanaka Tran Vargas Virtanen Wang Watanabe Weber Williams Wojcik ' +
  'Yamamoto Yilmaz Zhang Zulu'
).split(' ');

export const EMAIL_DOMAINS = ['example.org', 'example.com', 'example.net'] as const;

export const USER_AGENTS = [
  'OPP Console/0.1.0 (X11; Linux x86_64) Electron/45.5.0',
  'OPP Console/0.1.0 (Windows NT 10.0; Win64; x64) Electron/45.5.0',
  'OPP Console/0.1.0 (Macintosh; Intel Mac OS X 14_6) Electron/45.5.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'python-requests/2.32.3',
  'curl/8.5.0',
  'opp-sync-job/1.4 (+https://ops.example.org)',
] as const;

/** Office, VPN and home addresses: private ranges plus RFC 5737 documentation ranges. */
export function ipFor(n: number): string {
  switch (n % 4) {
    case 0:
      return `10.20.${(n >>> 2) % 16}.${((n >>> 6) % 250) + 2}`;
    case 1:
      return `192.168.${(n >>> 2) % 8}.${((n >>> 5) % 250) + 2}`;
    case 2:
      return `198.51.100.${((n >>> 2) % 250) + 2}`;
    default:
      return `203.0.113.${((n >>> 2) % 240) + 2}`;
  }
}

export interface CustomRole {
  name: string;
  description: string;
  permissions: string[];
}

export const CUSTOM_ROLES: readonly CustomRole[] = [
  { name: 'auditor', description: 'Reads the audit log', permissions: ['read', 'view_audit_logs'] },
  {
    name: 'support',
    description: 'Help desk: reads data and helps users',
    permissions: ['read', 'write', 'edit_profile'],
  },
  {
    name: 'policy-editor',
    description: 'Edits policies',
    permissions: ['read', 'write', 'edit_profile', 'change_password'],
  },
  { name: 'readonly_api', description: 'Service accounts that only read', permissions: ['read'] },
];

/** Role shares of bulk users in full mode; legacy servers know only the built-in three. */
export const ROLE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['user', 70],
  ['guest', 12],
  ['support', 7],
  ['policy-editor', 5],
  ['auditor', 3],
  ['readonly_api', 2],
  ['admin', 1],
];
export const LEGACY_ROLE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['user', 85],
  ['guest', 14],
  ['admin', 1],
];

/** A realistic week of traffic: mostly sign-ins and refreshes, a few administrative changes. */
export const ACTION_WEIGHTS: readonly (readonly [string, number])[] = [
  ['login_success', 40],
  ['token_refreshed', 30],
  ['logout', 10],
  ['login_failed', 9],
  ['account_locked', 0.4],
  ['refresh_reused', 0.1],
  ['user_updated', 3],
  ['user_created', 1.5],
  ['password_reset', 1.5],
  ['user_unlocked', 0.4],
  ['user_deactivated', 0.5],
  ['user_activated', 0.3],
  ['user_deleted', 0.2],
  ['role_updated', 0.2],
  ['role_created', 0.05],
  ['role_deleted', 0.02],
];
