import { z } from 'zod';
import { OppError } from '../../shared/errors';
import {
  ENVIRONMENT_COLOURS,
  environmentSchema,
  monitoringTargetSchema,
  type Environment,
} from '../../shared/domain/environment';

/**
 * The export file: environments without ids, positions or secrets, so it can be shared with a
 * colleague or kept in a repository. A format tag and version make a foreign file fail clearly.
 */
export const EXPORT_FORMAT = 'opp-console-environments';

const exportedEnvironmentSchema = z.object({
  name: environmentSchema.shape.name,
  apiUrl: environmentSchema.shape.apiUrl,
  prometheus: monitoringTargetSchema.nullable(),
  alertmanager: monitoringTargetSchema.nullable(),
  caFile: z.string().max(4096).nullable(),
  colour: z.enum(ENVIRONMENT_COLOURS),
  isProduction: z.boolean(),
});
export type ExportedEnvironment = z.infer<typeof exportedEnvironmentSchema>;

const exportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  environments: z.array(z.unknown()).max(500),
});

export const MAX_IMPORT_BYTES = 1024 * 1024;

export function serialiseEnvironments(environments: readonly Environment[], now: Date): string {
  const exported: ExportedEnvironment[] = environments.map((environment) => ({
    name: environment.name,
    apiUrl: environment.apiUrl,
    prometheus: environment.prometheus,
    alertmanager: environment.alertmanager,
    caFile: environment.caFile,
    colour: environment.colour,
    isProduction: environment.isProduction,
  }));
  return `${JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: now.toISOString(), environments: exported }, null, 2)}\n`;
}

export interface ParsedImport {
  valid: ExportedEnvironment[];
  invalid: { name: string; reason: string }[];
}

/** Reads an export file; each environment is checked on its own so one bad entry does not sink the rest. */
export function parseEnvironmentFile(text: string): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new OppError('VALIDATION', 'This file is not JSON. Choose a file exported by OPP Console.');
  }
  const file = exportFileSchema.safeParse(raw);
  if (!file.success) {
    throw new OppError(
      'VALIDATION',
      'This file is not an OPP Console environments export (or a newer version of one).',
    );
  }
  const result: ParsedImport = { valid: [], invalid: [] };
  file.data.environments.forEach((entry, index) => {
    const parsed = exportedEnvironmentSchema.safeParse(entry);
    if (parsed.success) result.valid.push(parsed.data);
    else {
      const name = (entry as { name?: unknown } | null)?.name;
      const issue = parsed.error.issues[0];
      result.invalid.push({
        name: typeof name === 'string' ? name.slice(0, 80) : `entry ${index + 1}`,
        reason: issue === undefined ? 'invalid' : `${issue.path.join('.')}: ${issue.message}`,
      });
    }
  });
  return result;
}

/** An id from a name: "Staging EU" → "staging-eu", unique among `taken`. */
export function environmentIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents, split off by NFKD: "Ö" becomes "o"
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'environment';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}
