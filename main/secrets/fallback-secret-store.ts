import type { Logger } from '../log/logger';
import {
  KeychainUnavailableError,
  MemorySecretStore,
  type SecretStore,
  type SecretStoreStatus,
} from './secret-store';

/**
 * Uses the keychain while it answers. The first time it does not, switches to memory for the
 * rest of the run, logs it and tells the host once (which tells the administrator): sessions
 * then last until the console quits. A token is never written anywhere else.
 */
export class FallbackSecretStore implements SecretStore {
  private readonly memory = new MemorySecretStore();
  private current: SecretStoreStatus;

  constructor(
    private readonly keychain: SecretStore | null,
    private readonly log: Logger,
    private readonly onFallback: (status: SecretStoreStatus) => void,
    unavailableReason = 'No keychain could be loaded on this system.',
  ) {
    this.current =
      keychain === null
        ? { backend: 'memory', reason: unavailableReason }
        : { backend: 'keychain', reason: null };
    if (keychain === null) this.log.warn('secrets: no keychain, sessions are kept in memory only');
  }

  status(): SecretStoreStatus {
    return { ...this.current };
  }

  get(account: string): Promise<string | null> {
    return this.use((store) => store.get(account));
  }
  set(account: string, secret: string): Promise<void> {
    return this.use((store) => store.set(account, secret));
  }
  delete(account: string): Promise<boolean> {
    return this.use((store) => store.delete(account));
  }
  list(): Promise<string[]> {
    return this.use((store) => store.list());
  }

  private async use<T>(operation: (store: SecretStore) => Promise<T>): Promise<T> {
    if (this.keychain !== null && this.current.backend === 'keychain') {
      try {
        return await operation(this.keychain);
      } catch (error) {
        if (!(error instanceof KeychainUnavailableError)) throw error;
        this.current = {
          backend: 'memory',
          reason: `The system keychain is not available (${error.message}). Sessions are kept in memory until the console quits.`,
        };
        this.log.warn('secrets: keychain unavailable, switching to memory only', { cause: error.message });
        this.onFallback(this.status());
      }
    }
    return operation(this.memory);
  }
}
