import { z } from 'zod';
import { appInfoSchema, settingsPatchSchema, settingsSchema } from '../domain/app';
import {
  connectionReportSchema,
  environmentDraftSchema,
  environmentIdSchema,
  environmentViewSchema,
  exportReportSchema,
  importReportSchema,
} from '../domain/environment';
import { keychainStatusSchema, sessionSchema, signInInputSchema } from '../domain/session';
import {
  alertsSchema,
  healthOverviewSchema,
  rangeInputSchema,
  rangeResultSchema,
  silenceInputSchema,
} from '../domain/health';
import {
  auditExportInputSchema,
  auditExportReportSchema,
  auditFilterSchema,
  auditHistogramInputSchema,
  auditHistogramSchema,
  auditQueryInputSchema,
  auditRowSchema,
  auditStatusSchema,
  auditWindowSchema,
  savedAuditQuerySchema,
} from '../domain/audit-query';
import {
  roleCreateInputSchema,
  roleHistorySchema,
  roleNameInputSchema,
  roleSchema,
  rolesViewSchema,
  roleUpdateInputSchema,
} from '../domain/role';
import { userSchema } from '../domain/user';
import {
  bulkApplyInputSchema,
  bulkPreviewInputSchema,
  bulkPreviewItemSchema,
  bulkResultItemSchema,
  resetPasswordInputSchema,
  userActivityInputSchema,
  userActivitySchema,
  userCreateInputSchema,
  userDetailSchema,
  userIdInputSchema,
  userListInputSchema,
  userPageSchema,
  userUpdateInputSchema,
} from '../domain/user-admin';

/**
 * One call of the IPC contract: the schema its input must pass in main (the renderer is
 * untrusted) and the schema of what main answers.
 */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> {
  return { input, output };
}

/** For calls that take nothing, and calls that answer nothing. */
const noInput = z.undefined();
const nothing = z.void();
const environmentInput = z.object({ environmentId: environmentIdSchema }).strict();

/**
 * The IPC contract: every call that the renderer can make, named `domain.action`. The main
 * dispatcher and the preload's `window.opp` are both derived from this one map, so a call
 * cannot exist on one side only. Later features add their calls here.
 */
export const ipcContract = {
  /** Version, platform and folders of this installation. */
  'app.info': call(noInput, appInfoSchema),
  /** Opens the log folder in the OS file manager. */
  'app.openLogFolder': call(noInput, nothing),

  /** The administrator's preferences. */
  'settings.get': call(noInput, settingsSchema),
  /** Changes some preferences; answers the whole new set. */
  'settings.update': call(settingsPatchSchema, settingsSchema),

  /** The environments, in the administrator's order; secrets are never included. */
  'environments.list': call(noInput, z.array(environmentViewSchema)),
  /** Adds (no id) or changes an environment; monitoring secrets go to the keychain. */
  'environments.save': call(environmentDraftSchema, environmentViewSchema),
  /** Signs out, removes the environment's keychain entries and its cached data. */
  'environments.delete': call(z.object({ id: environmentIdSchema }).strict(), nothing),
  /** Sets the order: every environment id exactly once. */
  'environments.reorder': call(z.object({ ids: z.array(environmentIdSchema).max(500) }).strict(), nothing),
  /** Checks each configured server of a (possibly unsaved) environment and reports each result. */
  'environments.testConnection': call(environmentDraftSchema, connectionReportSchema),
  /** Writes the environments (without secrets) to a JSON file the administrator chooses. */
  'environments.export': call(noInput, exportReportSchema),
  /** Reads environments from a JSON file the administrator chooses; existing names are skipped. */
  'environments.import': call(noInput, importReportSchema),

  /** Every signed-in session, one per environment. */
  'session.list': call(noInput, z.array(sessionSchema)),
  /** Signs in to an environment; the tokens stay in main. */
  'session.signIn': call(signInInputSchema, sessionSchema),
  /** Signs out of an environment: logs out on the server and forgets the tokens. */
  'session.signOut': call(z.object({ environmentId: environmentIdSchema }).strict(), nothing),
  /** Whether sessions are kept in the OS keychain or in memory only. */
  'session.keychainStatus': call(noInput, keychainStatusSchema),

  /** The local audit copy of an environment: how much is held, sync state, chain status. */
  'audit.status': call(environmentInput, auditStatusSchema),
  /** Brings the copy up to date now (needs a session); answers the status when done. */
  'audit.syncNow': call(environmentInput, auditStatusSchema),
  /** A keyset window of the copy under a filter; works offline. */
  'audit.query': call(auditQueryInputSchema, auditWindowSchema),
  /** Counts of the filtered events over time, for the histogram. */
  'audit.histogram': call(auditHistogramInputSchema, auditHistogramSchema),
  /** One event with its chain mark; null when the copy does not hold it. */
  'audit.event': call(
    z.object({ environmentId: environmentIdSchema, id: z.number().int().positive() }).strict(),
    auditRowSchema.nullable(),
  ),
  /** Re-checks the whole hash chain of the copy; progress arrives as sync.progress events. */
  'audit.verify': call(environmentInput, auditStatusSchema),
  /** Keeps only the last N days (null: everything) from the next sync on. */
  'audit.setHorizon': call(
    z
      .object({ environmentId: environmentIdSchema, days: z.number().int().min(1).max(3650).nullable() })
      .strict(),
    auditStatusSchema,
  ),
  /** Writes the filtered events to a CSV or JSON file the administrator chooses, with a manifest. */
  'audit.export': call(auditExportInputSchema, auditExportReportSchema),
  /** Named filters of an environment, usable offline. */
  'audit.savedQueries': call(environmentInput, z.array(savedAuditQuerySchema)),
  'audit.saveQuery': call(
    z
      .object({
        environmentId: environmentIdSchema,
        name: savedAuditQuerySchema.shape.name,
        filter: auditFilterSchema,
      })
      .strict(),
    z.array(savedAuditQuerySchema),
  ),
  'audit.deleteQuery': call(
    z.object({ environmentId: environmentIdSchema, name: z.string().min(1).max(80) }).strict(),
    z.array(savedAuditQuerySchema),
  ),

  /** Core components and monitoring targets, summarised; the last known state when offline. */
  'health.overview': call(environmentInput, healthOverviewSchema),
  /** A panel's (or an ad hoc query's) series, downsampled in main to the chart's width. */
  'health.range': call(rangeInputSchema, rangeResultSchema),
  /** Recent explorer queries of an environment, newest first. */
  'health.queryHistory': call(environmentInput, z.array(z.string())),
  /** Firing and pending alerts, rules and silences. */
  'health.alerts': call(environmentInput, alertsSchema),
  /** Creates a silence in AlertManager; needs a role that may silence. Answers its id. */
  'health.silence': call(silenceInputSchema, z.object({ silenceId: z.string() })),
  /** Ends a silence now. */
  'health.expireSilence': call(
    z.object({ environmentId: environmentIdSchema, silenceId: z.string().min(1).max(100) }).strict(),
    nothing,
  ),

  /** One page of users matching a filter: from the server, or main's copy (see UserPage.source). */
  'users.list': call(userListInputSchema, userPageSchema),
  /** One user, fresh; main's copy when offline. */
  'users.get': call(userIdInputSchema, userDetailSchema),
  /** Creates a user; the password is checked against the policy in main too, and never logged. */
  'users.create': call(userCreateInputSchema, userSchema),
  /** Changes email, name, role or active status, based on a version (VERSION_MISMATCH otherwise). */
  'users.update': call(userUpdateInputSchema, userSchema),
  /** Deletes a user (the renderer confirms by the typed username first). */
  'users.delete': call(userIdInputSchema, nothing),
  'users.unlock': call(userIdInputSchema, nothing),
  'users.resetPassword': call(resetPasswordInputSchema, nothing),
  /** What a bulk action would do to each user, read fresh from the server. */
  'users.bulkPreview': call(bulkPreviewInputSchema, z.array(bulkPreviewItemSchema)),
  /** Applies a previewed bulk action, each user at the version the preview read. */
  'users.bulkApply': call(bulkApplyInputSchema, z.array(bulkResultItemSchema)),
  /** A user's recent activity and the recent actions on them, from the local audit copy. */
  'users.activity': call(userActivityInputSchema, userActivitySchema),

  /** The roles with user counts, and every permission the server knows. */
  'roles.list': call(environmentInput, rolesViewSchema),
  'roles.create': call(roleCreateInputSchema, roleSchema),
  /** Changes a role's description or permissions, based on a version. */
  'roles.update': call(roleUpdateInputSchema, roleSchema),
  'roles.delete': call(roleNameInputSchema, nothing),
  /** When a role's permissions changed and by whom, from the local audit copy. */
  'roles.history': call(roleNameInputSchema, roleHistorySchema),
} as const satisfies Record<string, CallSpec>;

export type IpcContract = typeof ipcContract;
export type CallName = keyof IpcContract;
export type CallInput<N extends CallName> = z.input<IpcContract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<IpcContract[N]['output']>;
/** The input as main sees it after validation (defaults applied). */
export type ParsedCallInput<N extends CallName> = z.output<IpcContract[N]['input']>;

export const CALL_NAMES = Object.keys(ipcContract) as CallName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(ipcContract, value);
}
