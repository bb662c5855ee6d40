import type { z } from 'zod';
import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';
import { cleanWords, monitoringError, unreadableMonitoringAnswer } from './monitoring-errors';
import {
  amAlertsSchema,
  amSilenceCreatedSchema,
  amSilencesSchema,
  type AmAlert,
  type AmSilence,
} from './monitoring-schemas';
import type { HttpPort } from './prometheus-client';

export interface NewSilence {
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** AlertManager's API v2: alerts (silenced and inhibited ones too), silences. */
export class AlertmanagerClient {
  constructor(private readonly http: HttpPort) {}

  get describe(): string {
    return this.http.describe;
  }

  async alerts(): Promise<AmAlert[]> {
    const answer = await this.http.request({
      method: 'GET',
      path: '/api/v2/alerts',
      query: { active: true, silenced: true, inhibited: true, unprocessed: true },
    });
    return this.parse(amAlertsSchema, answer);
  }

  async silences(): Promise<AmSilence[]> {
    return this.parse(amSilencesSchema, await this.http.request({ method: 'GET', path: '/api/v2/silences' }));
  }

  /** Creates a silence and answers its id. */
  async createSilence(silence: NewSilence): Promise<string> {
    const answer = await this.http.request({ method: 'POST', path: '/api/v2/silences', body: silence });
    if (answer.status === 400) {
      throw new OppError('VALIDATION', `${this.describe} did not accept the silence: ${this.said(answer)}`);
    }
    return this.parse(amSilenceCreatedSchema, answer).silenceID;
  }

  async expireSilence(id: string): Promise<void> {
    const answer = await this.http.request({
      method: 'DELETE',
      path: `/api/v2/silence/${encodeURIComponent(id)}`,
    });
    if (answer.status === 200) return;
    if (answer.status === 404) throw new OppError('NOT_FOUND', `${this.describe} has no silence ${id}.`);
    // AlertManager answers 500 "silence … already expired" for a silence that has ended.
    if (answer.status === 500 && /already expired/i.test(this.said(answer))) {
      throw new OppError('CONFLICT', 'This silence has already ended.');
    }
    throw monitoringError(answer, this.describe);
  }

  private parse<S extends z.ZodType>(schema: S, answer: HttpAnswer): z.output<S> {
    if (answer.status !== 200) throw monitoringError(answer, this.describe);
    if (answer.malformed) throw unreadableMonitoringAnswer(this.describe);
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) throw unreadableMonitoringAnswer(this.describe);
    return parsed.data;
  }

  /** AlertManager's errors are a bare JSON string, or `{message}` from some versions. */
  private said(answer: HttpAnswer): string {
    const body = answer.body;
    if (typeof body === 'string') return cleanWords(body);
    const message = (body as { message?: unknown } | null | undefined)?.message;
    return typeof message === 'string' ? cleanWords(message) : `HTTP ${answer.status}`;
  }
}
