import { Toast } from 'radix-ui';
import {
  createContext,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import { describeError } from './error-messages';

export type ToastTone = 'info' | 'success' | 'error';

export interface ToastInput {
  /** One short sentence: what happened. */
  title: string;
  /** What to do, if anything. */
  description?: string;
  tone?: ToastTone;
}

export interface Toaster {
  show: (toast: ToastInput) => void;
  /** Shows a failure with the plain advice for its error code, e.g. `showError(e, 'The theme was not saved.')`. */
  showError: (error: unknown, title: string, options?: { write?: boolean }) => void;
}

interface ShownToast extends Required<Omit<ToastInput, 'description'>> {
  id: number;
  description: string | undefined;
}

const ToasterContext = createContext<Toaster | null>(null);

const DURATION_MS: Record<ToastTone, number> = { info: 5000, success: 4000, error: 10_000 };

/** The notification area (bottom right) and the `useToast()` API for results and errors. */
export function ToastProvider({ children }: { children: ReactNode }): ReactElement {
  const [toasts, setToasts] = useState<readonly ShownToast[]>([]);
  const nextId = useRef(1);

  const toaster = useMemo<Toaster>(() => {
    const show = ({ title, description, tone = 'info' }: ToastInput): void => {
      const id = nextId.current++;
      setToasts((current) => [...current, { id, title, description, tone }]);
    };
    return {
      show,
      showError: (error, title, options) => {
        const { advice } = describeError(error, options);
        show({ title, description: advice, tone: 'error' });
      },
    };
  }, []);

  const dismiss = (id: number): void => setToasts((current) => current.filter((toast) => toast.id !== id));

  return (
    <ToasterContext value={toaster}>
      <Toast.Provider label="Notification" swipeDirection="right">
        {children}
        {toasts.map((toast) => (
          <Toast.Root
            key={toast.id}
            className={`toast toast--${toast.tone}`}
            // Errors interrupt (assertive); results wait their turn (polite).
            type={toast.tone === 'error' ? 'foreground' : 'background'}
            duration={DURATION_MS[toast.tone]}
            onOpenChange={(open) => {
              if (!open) dismiss(toast.id);
            }}
          >
            <Toast.Title className="toast__title">{toast.title}</Toast.Title>
            {toast.description !== undefined && (
              <Toast.Description className="toast__description">{toast.description}</Toast.Description>
            )}
            <Toast.Close className="toast__close" aria-label="Dismiss notification">
              ×
            </Toast.Close>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </ToasterContext>
  );
}

export function useToast(): Toaster {
  const toaster = useContext(ToasterContext);
  if (toaster === null) throw new Error('useToast() needs a <ToastProvider> above it.');
  return toaster;
}
