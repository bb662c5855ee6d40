import type { Capability, Session } from './domain/session';

/** Things a screen may offer, each needing permissions of the user and capabilities of the server. */
const RULES = {
  'users.read': { permissions: ['manage_users'], capability: null },
  'users.write': { permissions: ['manage_users'], capability: 'user_admin' },
  'users.delete': { permissions: ['manage_users', 'delete'], capability: 'user_admin' },
  'roles.read': { permissions: ['read'], capability: null },
  'roles.write': { permissions: ['manage_roles'], capability: 'roles_api' },
  'audit.read': { permissions: ['view_audit_logs'], capability: null },
  'health.read': { permissions: [], capability: null },
  'alerts.silence': { permissions: ['admin'], capability: null },
} as const satisfies Record<string, { permissions: readonly string[]; capability: Capability | null }>;

export type Action = keyof typeof RULES;

const CAPABILITY_WORDS: Record<Capability, string> = {
  refresh: 'session refresh',
  user_admin: 'user management',
  roles_api: 'role management',
  audit_cursor: 'the audit cursor API',
  audit_legacy: 'the legacy audit list',
  audit_hash_chain: 'audit hash chains',
  health_comprehensive: 'comprehensive health',
};

export type Access = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the signed-in user may do `action` on this server, and if not, a sentence for the
 * disabled control's tooltip. The server still checks every call; this only spares the user a
 * button that can only fail.
 */
export function access(session: Session | null, action: Action): Access {
  if (session === null) return { allowed: false, reason: 'Sign in to this environment first.' };
  const rule = RULES[action];
  const missing = rule.permissions.filter((permission) => !session.permissions.includes(permission));
  if (missing.length > 0) {
    return {
      allowed: false,
      reason: `Your role (${session.role}) lacks the ${missing.join(' and ')} permission${missing.length > 1 ? 's' : ''}.`,
    };
  }
  if (rule.capability !== null && !session.capabilities.includes(rule.capability)) {
    return { allowed: false, reason: `This server does not offer ${CAPABILITY_WORDS[rule.capability]}.` };
  }
  return { allowed: true };
}
