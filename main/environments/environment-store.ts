import { OppError } from '../../shared/errors';
import { environmentSchema, monitoringTargetSchema, type Environment } from '../../shared/domain/environment';
import type { Db } from '../storage/sqlite';
import type { Logger } from '../log/logger';

interface EnvironmentRow {
  id: string;
  name: string;
  api_url: string;
  prometheus: string | null;
  alertmanager: string | null;
  ca_file: string | null;
  colour: string;
  is_production: number;
  position: number;
}

/** Environments as stored in console.sqlite. Secrets are never here: see environment-secrets.ts. */
export class EnvironmentStore {
  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  list(): Environment[] {
    const rows = this.db
      .prepare('SELECT * FROM environments ORDER BY position, name')
      .all() as EnvironmentRow[];
    return rows.flatMap((row) => {
      const parsed = this.fromRow(row);
      return parsed === null ? [] : [parsed];
    });
  }

  get(id: string): Environment | null {
    const row = this.db.prepare('SELECT * FROM environments WHERE id = ?').get(id) as
      EnvironmentRow | undefined;
    return row === undefined ? null : this.fromRow(row);
  }

  require(id: string): Environment {
    const found = this.get(id);
    if (found === null)
      throw new OppError('NOT_FOUND', 'This environment no longer exists. It may have been deleted.');
    return found;
  }

  /** Inserts or replaces one environment (same id). Names are unique, ignoring case. */
  save(environment: Environment): Environment {
    const clash = this.db
      .prepare('SELECT id FROM environments WHERE name = ? COLLATE NOCASE AND id <> ?')
      .get(environment.name, environment.id) as { id: string } | undefined;
    if (clash !== undefined) {
      throw new OppError(
        'CONFLICT',
        `Another environment is already called "${environment.name}". Choose another name.`,
      );
    }
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO environments (id, name, api_url, prometheus, alertmanager, ca_file, colour, is_production, position, created_at, updated_at)
         VALUES (@id, @name, @api_url, @prometheus, @alertmanager, @ca_file, @colour, @is_production, @position, @now, @now)
         ON CONFLICT (id) DO UPDATE SET name = @name, api_url = @api_url, prometheus = @prometheus,
           alertmanager = @alertmanager, ca_file = @ca_file, colour = @colour, is_production = @is_production,
           position = @position, updated_at = @now`,
      )
      .run({
        id: environment.id,
        name: environment.name,
        api_url: environment.apiUrl,
        prometheus: environment.prometheus === null ? null : JSON.stringify(environment.prometheus),
        alertmanager: environment.alertmanager === null ? null : JSON.stringify(environment.alertmanager),
        ca_file: environment.caFile,
        colour: environment.colour,
        is_production: environment.isProduction ? 1 : 0,
        position: environment.position,
        now,
      });
    return environment;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM environments WHERE id = ?').run(id).changes > 0;
  }

  /** Sets the order to `ids` (every id exactly once), in one transaction. */
  reorder(ids: readonly string[]): void {
    const existing = new Set(this.list().map((e) => e.id));
    if (
      ids.length !== existing.size ||
      new Set(ids).size !== ids.length ||
      !ids.every((id) => existing.has(id))
    ) {
      throw new OppError('CONFLICT', 'The list of environments changed meanwhile. Reload it and try again.');
    }
    const update = this.db.prepare('UPDATE environments SET position = ? WHERE id = ?');
    this.db.transaction(() => ids.forEach((id, position) => update.run(position, id)))();
  }

  nextPosition(): number {
    const row = this.db.prepare('SELECT MAX(position) AS max FROM environments').get() as {
      max: number | null;
    };
    return (row.max ?? -1) + 1;
  }

  private fromRow(row: EnvironmentRow): Environment | null {
    const target = (json: string | null): unknown => {
      if (json === null) return null;
      const parsed = monitoringTargetSchema.safeParse(JSON.parse(json));
      return parsed.success ? parsed.data : null;
    };
    const parsed = environmentSchema.safeParse({
      id: row.id,
      name: row.name,
      apiUrl: row.api_url,
      prometheus: target(row.prometheus),
      alertmanager: target(row.alertmanager),
      caFile: row.ca_file,
      colour: row.colour,
      isProduction: row.is_production === 1,
      position: row.position,
    });
    if (!parsed.success) {
      // A row damaged outside the console is skipped rather than breaking the whole list.
      this.log.warn('environments: skipped a stored environment that fails its check', { env: row.id });
      return null;
    }
    return parsed.data;
  }
}
