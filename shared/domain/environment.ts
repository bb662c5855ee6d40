import { z } from 'zod';

/** Environment ids are short slugs: they start every cache file name and query key. */
export const environmentIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use 1 to 40 lower-case letters, digits and dashes.');
export type EnvironmentId = z.infer<typeof environmentIdSchema>;

const httpUrlSchema = z
  .url({ protocol: /^https?$/, message: 'Enter an http:// or https:// address.' })
  .max(2048);

export const ENVIRONMENT_COLOURS = ['grey', 'blue', 'green', 'amber', 'red'] as const;

/** How the console reaches one monitoring service; the secret itself lives in the keychain. */
export const monitoringTargetSchema = z.object({
  url: httpUrlSchema,
  auth: z.enum(['none', 'basic', 'bearer']),
  /** For basic auth; the password or bearer token is in the keychain, never here. */
  username: z.string().max(200).optional(),
});

/** One OPP deployment the administrator works with, as stored (without secrets). */
export const environmentSchema = z.object({
  id: environmentIdSchema,
  name: z.string().trim().min(1, 'Give the environment a name.').max(80),
  apiUrl: httpUrlSchema,
  prometheus: monitoringTargetSchema.nullable(),
  alertmanager: monitoringTargetSchema.nullable(),
  /** Path of a PEM file with extra trusted CAs for this environment's servers. */
  caFile: z.string().max(4096).nullable(),
  colour: z.enum(ENVIRONMENT_COLOURS),
  /** Production environments are marked across the whole window while active. */
  isProduction: z.boolean(),
  position: z.number().int().min(0),
});
export type Environment = z.infer<typeof environmentSchema>;

/**
 * A monitoring target as the edit form sends it. `secret` is the basic-auth password or bearer
 * token: absent keeps the stored one, null removes it, a string replaces it. Main moves it to
 * the keychain; it is never stored with the environment nor sent back.
 */
export const monitoringTargetDraftSchema = monitoringTargetSchema.extend({
  secret: z.string().min(1).max(8192).nullable().optional(),
});

/** The add/edit form. Without `id` it is a new environment (main derives the id from the name). */
export const environmentDraftSchema = z
  .object({
    id: environmentIdSchema.optional(),
    name: environmentSchema.shape.name,
    apiUrl: environmentSchema.shape.apiUrl,
    prometheus: monitoringTargetDraftSchema.nullable(),
    alertmanager: monitoringTargetDraftSchema.nullable(),
    caFile: z.string().trim().min(1).max(4096).nullable(),
    colour: z.enum(ENVIRONMENT_COLOURS),
    isProduction: z.boolean(),
  })
  .strict();
export type EnvironmentDraft = z.infer<typeof environmentDraftSchema>;

/** A monitoring target as the renderer sees it: whether a secret is stored, never the secret. */
export const monitoringTargetViewSchema = monitoringTargetSchema.extend({ hasSecret: z.boolean() });

export const environmentViewSchema = environmentSchema.extend({
  prometheus: monitoringTargetViewSchema.nullable(),
  alertmanager: monitoringTargetViewSchema.nullable(),
});
export type EnvironmentView = z.infer<typeof environmentViewSchema>;

export const CONNECTION_TARGETS = ['api', 'prometheus', 'alertmanager'] as const;
export const CONNECTION_OUTCOMES = [
  'ok',
  'tls',
  'auth',
  'wrong_server',
  'timeout',
  'unreachable',
  'error',
] as const;

/** "Test connection": one line per configured target. */
export const connectionCheckSchema = z.object({
  target: z.enum(CONNECTION_TARGETS),
  url: z.string(),
  outcome: z.enum(CONNECTION_OUTCOMES),
  /** What was found, in words: "OPP 4.2.0, healthy", "certificate is self-signed". */
  message: z.string(),
  latencyMs: z.number().nullable(),
});
export const connectionReportSchema = z.object({ checks: z.array(connectionCheckSchema) });
export type ConnectionReport = z.infer<typeof connectionReportSchema>;

/** What an import did: environments added, and those skipped with the reason. */
export const importReportSchema = z.object({
  /** null when the administrator cancelled the file dialog. */
  file: z.string().nullable(),
  added: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export const exportReportSchema = z.object({ file: z.string().nullable(), count: z.number().int() });
