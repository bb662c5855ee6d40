import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { Session } from '../../../../shared/domain/session';
import { signInInputSchema } from '../../../../shared/domain/session';
import { TextField } from '../../components/text-field';
import { useCountdown, useNow } from '../../components/use-now';
import { useSignIn } from './session-queries';
import { signInProblem } from './sign-in-problem';
import { SignInProblemMessage } from './sign-in-problem-message';

interface FieldErrors {
  username: string | null;
  password: string | null;
}
const NO_ERRORS: FieldErrors = { username: null, password: null };

/**
 * Username and password for one environment. The password lives only in this component's
 * state and is cleared as soon as it is sent, whatever the answer.
 */
export function SignInForm({
  environmentId,
  fixedUsername,
  onSignedIn,
  onCancel,
  cancelLabel = 'Cancel',
}: {
  environmentId: EnvironmentId;
  /** Re-authentication: the username is shown but cannot change. */
  fixedUsername?: string;
  onSignedIn: (session: Session) => void;
  onCancel?: () => void;
  cancelLabel?: string;
}): ReactElement {
  const [username, setUsername] = useState(fixedUsername ?? '');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>(NO_ERRORS);
  const passwordRef = useRef<HTMLInputElement>(null);
  const signIn = useSignIn();
  const countdown = useCountdown();
  const now = useNow(15_000);
  const problem = signIn.error === null ? null : signInProblem(signIn.error);
  const waiting = countdown.secondsLeft > 0;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (signIn.isPending || waiting) return;
    const checked = signInInputSchema.safeParse({ environmentId, username, password });
    if (!checked.success) {
      const errors = { ...NO_ERRORS };
      for (const issue of checked.error.issues) {
        const field = issue.path[0];
        if (field === 'username' || field === 'password') errors[field] ??= issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors(NO_ERRORS);
    setPassword('');
    const outcome = await signIn.run(checked.data);
    if (outcome.ok) {
      onSignedIn(outcome.data);
      return;
    }
    const failure = signInProblem(outcome.error);
    if (failure.kind === 'rate_limited' && failure.retryAfterSeconds !== null) {
      countdown.start(failure.retryAfterSeconds);
    }
    if (failure.kind === 'fields') setFieldErrors({ username: failure.username, password: failure.password });
    passwordRef.current?.focus();
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        readOnly={fixedUsername !== undefined}
        aria-readonly={fixedUsername !== undefined ? true : undefined}
        onValueChange={(value) => {
          setUsername(value);
          setFieldErrors((errors) => ({ ...errors, username: null }));
        }}
        error={fieldErrors.username}
        autoFocus={fixedUsername === undefined}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        inputRef={passwordRef}
        onValueChange={(value) => {
          setPassword(value);
          setFieldErrors((errors) => ({ ...errors, password: null }));
        }}
        error={fieldErrors.password}
        autoFocus={fixedUsername !== undefined}
      />
      {problem !== null && (
        <SignInProblemMessage problem={problem} secondsLeft={countdown.secondsLeft} now={now} />
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={signIn.isPending || waiting}>
          Sign in
        </button>
        {onCancel !== undefined && (
          <button type="button" className="button" onClick={onCancel}>
            {cancelLabel}
          </button>
        )}
        <span className="form__status form__status--muted" role="status">
          {signIn.isPending ? 'Signing in…' : ''}
        </span>
      </div>
    </form>
  );
}
