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
