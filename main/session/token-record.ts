import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CAPABILITIES } from '../../shared/domain/session';

/**
 * What one environment's keychain entry holds: the tokens, and enough about the user to show
 * the session before the server answers again. Versioned so a later format (or a move to
 * another secret backend) can read or migrate it.
 */
export const tokenRecordSchema = z.object({
  v: z.literal(1),
  accessToken: z.string(),
  /** Unix ms. */
  accessExpiresAt: z.number(),
  refreshToken: z.string().nullable(),
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    role: z.string(),
    permissions: z.array(z.string()),
  }),
  capabilities: z.array(z.enum(CAPABILITIES)),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

export function parseTokenRecord(text: string | null): TokenRecord | null {
  if (text === null) return null;
  try {
    const parsed = tokenRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Keychain account names. They carry a tag of the data folder, so a portable install or a
 * test run never reads or deletes another installation's sessions.
 */
export function keychainAccounts(dataFolder: string) {
  const tag = createHash('sha256').update(dataFolder).digest('hex').slice(0, 10);
  return {
    tag,
    session: (environmentId: string) => `${tag}/${environmentId}/session`,
    monitoring: (environmentId: string, target: 'prometheus' | 'alertmanager') =>
      `${tag}/${environmentId}/${target}`,
    /** Every account of one environment. */
    ofEnvironment: (environmentId: string) => (account: string) =>
      account.startsWith(`${tag}/${environmentId}/`),
    ours: (account: string) => account.startsWith(`${tag}/`),
  };
}
export type KeychainAccounts = ReturnType<typeof keychainAccounts>;

/** The `exp` of a JWT in unix ms, read without verifying (main never holds the key), or null. */
export function jwtExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
