import type { BulkAction, BulkPreviewItem, BulkResultItem } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { OppError } from '../../shared/errors';
import type { AllUsersFetcher } from './all-users';
import { bulkChanges, previewVerdicts, selfRefusal } from './bulk-verdicts';
import type { UserAdminContext } from './user-admin-context';
import { userWriteError } from './user-admin-errors';
import { rolesAnswerSchema, serverUserSchema } from './user-schemas';
import type { UsersReader } from './users-list';

/** Users read at once for a preview: quick for 500 targets, gentle on the server. */
const PREVIEW_CONCURRENCY = 4;

/** Runs `work` over `items` with at most `limit` running at once; results keep the items' order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The first of each id: a user named twice is changed once. */
function unique<T>(items: readonly T[], key: (item: T) => number): T[] {
  const seen = new Set<number>();
  const kept: T[] = [];
  for (const item of items) {
    if (seen.has(key(item))) continue;
    seen.add(key(item));
    kept.push(item);
  }
  return kept;
}

/**
 * Bulk deactivate, reactivate and set-role. The preview reads every target fresh and says what
 * would happen to each; the apply changes each at the version its preview read (If-Match), so a
 * user someone else changed meanwhile is reported rather than overwritten, and it goes on past
 * every failure so the administrator gets one result per user.
 */
export class BulkUsers {
  constructor(
    private readonly ctx: UserAdminContext,
    private readonly reader: UsersReader,
    private readonly all: AllUsersFetcher,
  ) {}

  async preview(
    environmentId: string,
    action: BulkAction,
    ids: readonly number[],
  ): Promise<BulkPreviewItem[]> {
    const session = this.ctx.writer(environmentId, 'users.write');
    const targets = await mapConcurrently(
      unique(ids, (id) => id),
      PREVIEW_CONCURRENCY,
      async (id) => {
        try {
          return { id, user: await this.reader.fetchUser(environmentId, id) };
        } catch (error) {
          if (error instanceof OppError && error.code === 'NOT_FOUND') return { id, user: null };
          throw error;
        }
      },
    );
    const admins =
      action.kind === 'reactivate' || (action.kind === 'set_role' && action.role === 'admin')
        ? new Set<number>() // the action cannot take an admin away
        : await this.activeAdminIds(environmentId);
    const roles =
      action.kind === 'set_role' && session.capabilities.includes('roles_api')
        ? new Set(
            (await this.ctx.get(environmentId, '/api/v1/roles', rolesAnswerSchema)).items.map((r) => r.name),
          )
        : null;
    return previewVerdicts(action, targets, admins, session.userId, roles);
  }

  /** One at a time: whether a change leaves an active admin depends on the ones before it. */
  async apply(
    environmentId: string,
    action: BulkAction,
    targets: readonly { id: number; version: number }[],
  ): Promise<BulkResultItem[]> {
    const session = this.ctx.writer(environmentId, 'users.write');
    const results: BulkResultItem[] = [];
    for (const target of unique(targets, (t) => t.id)) {
      if (target.id === session.userId) {
        results.push(this.failed(environmentId, target.id, 'CONFLICT', selfRefusal(action)));
        continue;
      }
      results.push(await this.applyOne(environmentId, action, target));
    }
    const changed = results.flatMap((result) => (result.user === null ? [] : [result.user]));
    if (changed.length > 0) {
      this.ctx.changed(environmentId, action.kind === 'set_role' ? ['users', 'roles'] : ['users'], {
        action: `bulk_${action.kind}`,
        changed: changed.length,
      });
    }
    this.ctx.log.info('users: bulk action applied', {
      env: environmentId,
      action: action.kind,
      changed: changed.length,
      failed: results.length - changed.length,
    });
    return results;
  }

  private async applyOne(
    environmentId: string,
    action: BulkAction,
    target: { id: number; version: number },
  ): Promise<BulkResultItem> {
    const { id } = target;
    try {
      const answer = await this.ctx.send(environmentId, {
        method: 'PATCH',
        path: `/api/v1/users/${id}`,
        body: bulkChanges(action),
        headers: { 'If-Match': String(target.version) },
      });
      if (answer.status === 200) {
        const user = this.ctx.body(environmentId, answer, serverUserSchema);
        this.ctx.cache.saveUsers(environmentId, [user], this.ctx.now());
        return { id, username: user.username, outcome: 'changed', reason: null, code: null, user };
      }
      if (answer.status === 412) {
        return this.failed(
          environmentId,
          id,
          'VERSION_MISMATCH',
          'Someone else changed this user since the preview. Preview again to see the current values.',
        );
      }
      if (answer.status === 404) {
        this.ctx.cache.forgetUser(environmentId, id);
        return this.failed(environmentId, id, 'NOT_FOUND', 'This user was deleted since the preview.');
      }
      const error = userWriteError(answer, this.ctx.describe(environmentId));
      return this.failed(environmentId, id, error.code, error.message);
    } catch (error) {
      if (error instanceof OppError) return this.failed(environmentId, id, error.code, error.message);
      // A bug, not the server: logged, and the rest of the batch still runs.
      this.ctx.log.error('users: bulk change failed unexpectedly', { env: environmentId, id, error });
      return this.failed(environmentId, id, 'INTERNAL', 'Something went wrong inside the console.');
    }
  }

  private failed(environmentId: string, id: number, code: string, reason: string): BulkResultItem {
    const username = this.ctx.cache.user(environmentId, id)?.user.username ?? `#${id}`;
    return { id, username, outcome: 'failed', reason, code, user: null };
  }

  private async activeAdminIds(environmentId: string): Promise<Set<number>> {
    const admins = await this.all.fetch(environmentId, { search: '', role: 'admin', active: 'active' }, true);
    return new Set(
      admins.users.filter((user: User) => user.role === 'admin' && user.is_active).map((u) => u.id),
    );
  }
}
