import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import type { Db } from './db';
import type { HealthState } from './health';
import type { PlatformMetrics } from './metrics';
import type { RolesStore } from './roles-store';
import type { TokenService } from './tokens';
import type { UsersStore } from './users-store';

/** Everything a route needs, built once per running instance (several may share a process). */
export interface PlatformContext {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  users: UsersStore;
  roles: RolesStore;
  tokens: TokenService;
  metrics: PlatformMetrics;
  health: HealthState;
  legacy: boolean;
  startedAt: number;
}
