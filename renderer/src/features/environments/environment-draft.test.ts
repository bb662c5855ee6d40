import { describe, expect, it } from 'vitest';
import { PRODUCTION } from '../../testing/fake-opp-api';
import {
  draftFromForm,
  formFromEnvironment,
  monitoringDraft,
  type MonitoringForm,
} from './environment-draft';

const STORED: MonitoringForm = {
  url: 'https://prom.example',
  auth: 'bearer',
  username: '',
  secret: '',
  removeSecret: false,
  hasSecret: true,
};

describe('environment draft', () => {
  it('keeps a stored secret by leaving the field out', () => {
    expect(monitoringDraft(STORED)).toEqual({ url: 'https://prom.example', auth: 'bearer' });
    expect('secret' in (monitoringDraft(STORED) ?? {})).toBe(false);
  });

  it('removes it with null, replaces it with the typed text (not trimmed)', () => {
    expect(monitoringDraft({ ...STORED, removeSecret: true, secret: 'ignored' })?.secret).toBeNull();
    expect(monitoringDraft({ ...STORED, secret: ' t0ken ' })?.secret).toBe(' t0ken ');
  });

  it('sends no secret without authentication, and no target without a URL', () => {
    expect(monitoringDraft({ ...STORED, auth: 'none', secret: 'typed' })).toEqual({
      url: 'https://prom.example',
      auth: 'none',
    });
    expect(monitoringDraft({ ...STORED, url: '   ' })).toBeNull();
  });

  it('sends the username for basic auth only', () => {
    expect(monitoringDraft({ ...STORED, auth: 'basic', username: ' ops ' })?.username).toBe('ops');
    expect(monitoringDraft({ ...STORED, auth: 'bearer', username: 'ops' })).not.toHaveProperty('username');
  });

  it('round-trips a saved environment, trimming text and turning an empty CA file into null', () => {
    const form = formFromEnvironment(PRODUCTION);
    expect(draftFromForm(form)).toEqual({
      id: 'production',
      name: 'Production',
      apiUrl: PRODUCTION.apiUrl,
      prometheus: { url: 'https://prometheus.opp.example', auth: 'basic', username: 'scraper' },
      alertmanager: null,
      caFile: null,
      colour: 'red',
      isProduction: true,
    });
    const added = draftFromForm({ ...formFromEnvironment(), name: ' QA ', caFile: '  ' });
    expect(added).not.toHaveProperty('id');
    expect(added.name).toBe('QA');
    expect(added.caFile).toBeNull();
  });
});
