import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The servers and tools this folder drives, and the Debian package each comes from. */
const TOOLS = {
  prometheus: { names: ['prometheus'], debianPackage: 'prometheus' },
  alertmanager: {
    names: ['prometheus-alertmanager', 'alertmanager'],
    debianPackage: 'prometheus-alertmanager',
  },
  'node-exporter': {
    names: ['prometheus-node-exporter', 'node_exporter'],
    debianPackage: 'prometheus-node-exporter',
  },
  promtool: { names: ['promtool'], debianPackage: 'prometheus' },
  amtool: { names: ['amtool'], debianPackage: 'prometheus-alertmanager' },
} as const;

export type ToolName = keyof typeof TOOLS;

export const INSTALL_HINT = 'apt-get install prometheus prometheus-alertmanager prometheus-node-exporter';

export class MissingBinaryError extends Error {
  override readonly name = 'MissingBinaryError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a tool on PATH (and in /usr/bin, where Debian puts them, for shells with a trimmed PATH).
 * An explicit path wins; when it is not executable that is an error too, never a silent fallback.
 */
export function findBinary(tool: ToolName, explicitPath?: string): string {
  const spec = TOOLS[tool];
  const candidates =
    explicitPath === undefined
      ? [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/bin'].flatMap((dir) =>
          spec.names.map((name) => join(dir, name)),
        )
      : [explicitPath];
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  const where = explicitPath === undefined ? `${spec.names.join(' or ')} on PATH` : explicitPath;
  throw new MissingBinaryError(
    `${tool} not found (looked for ${where}); it comes from the Debian package ` +
      `${spec.debianPackage}. Install the monitoring stack with: ${INSTALL_HINT}`,
  );
}

/** Resolves several tools at once so one error names everything that is missing. */
export function findBinaries<T extends ToolName>(
  tools: readonly T[],
  explicit: Partial<Record<ToolName, string>> = {},
): Record<T, string> {
  const found: Partial<Record<T, string>> = {};
  const problems: string[] = [];
  for (const tool of tools) {
    try {
      found[tool] = findBinary(tool, explicit[tool]);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new MissingBinaryError(problems.join('\n'));
  return found as Record<T, string>;
}
