import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { environmentDraft, requireKeyring, startConsole } from './console-under-test';

let platform: RunningPlatform;
beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({});
});
afterAll(() => platform.stop());

describe('reachability of an environment (connectivity.changed)', () => {
  it('says "offline" once when the server stops answering, and "online" when it answers again', async () => {
    const app = await startConsole();
    try {
      await app.ok('environments.save', environmentDraft(platform.url));
      await app.ok('session.signIn', {
        environmentId: 'local',
        username: 'admin',
        password: platform.password,
      });
      const connectivity = (): unknown[] =>
        app.pushes.filter((push) => push.name === 'connectivity.changed').map((push) => push.payload);
      const list = { environmentId: 'local', filter: {}, offset: 0, limit: 10 };
      await app.ok('users.list', list);
      // A server that answers never makes news: the renderer starts from online.
      expect(connectivity()).toEqual([]);

      await platform.stop();
      const port = new URL(platform.url).port;
      const first = await app.call('users.list', list);
      await app.call('roles.list', { environmentId: 'local' });
      // The copies answer offline (read-only), but main noticed the server was gone, once.
      expect(first.ok).toBe(true);
      expect(connectivity()).toEqual([{ environmentId: 'local', online: false }]);

      platform = await startPlatform({ port: Number(port) });
      await app.call('users.list', list);
      expect(connectivity()).toEqual([
        { environmentId: 'local', online: false },
        { environmentId: 'local', online: true },
      ]);
    } finally {
      await app.stop();
    }
  });
});
