import { z } from 'zod';
import { appInfoSchema, settingsPatchSchema, settingsSchema } from '../domain/app';

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

/** For calls that take nothing. */
const noInput = z.undefined();
const nothing = z.undefined();

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
