import { useCallback, useLayoutEffect, useRef, useState } from 'react';

export type CallOutcome<O> = { ok: true; data: O } | { ok: false; error: unknown };

export interface PrivateCall<I, O> {
  /** Runs the call; answers its outcome instead of throwing, so a handler can branch on it. */
  run: (input: I) => Promise<CallOutcome<O>>;
  isPending: boolean;
  /** The last failure, or null. */
  error: unknown;
  reset: () => void;
}

/**
 * Like react-query's `useMutation`, but keeps no copy of its input anywhere: a mutation keeps
 * its variables in the MutationCache, which must never hold a password or token. Use it for
 * calls that carry one (sign-in, monitoring secrets). Only the latest call updates the state.
 */
export function usePrivateCall<I, O>(call: (input: I) => Promise<O>): PrivateCall<I, O> {
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const callRef = useRef(call);
  useLayoutEffect(() => {
    callRef.current = call;
  });

  const run = useCallback(async (input: I): Promise<CallOutcome<O>> => {
    const id = ++latest.current;
    setPending(true);
    setError(null);
    try {
      const data = await callRef.current(input);
      if (id === latest.current) setPending(false);
      return { ok: true, data };
    } catch (caught) {
      if (id === latest.current) {
        setPending(false);
        setError(caught);
      }
      return { ok: false, error: caught };
    }
  }, []);

  const reset = useCallback(() => {
    latest.current++;
    setPending(false);
    setError(null);
  }, []);

  return { run, isPending, error, reset };
}
