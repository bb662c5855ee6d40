/**
 * Where secrets live: the OS keychain, or (when none answers) this process' memory. Nothing
 * else in main stores a token; swapping the backend (Electron safeStorage, @napi-rs/keyring)
 * means writing one more class with these four methods.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Every account this store holds for our service. */
  list(): Promise<string[]>;
}

export type SecretBackend = 'keychain' | 'memory';

export interface SecretStoreStatus {
  backend: SecretBackend;
  /** Why the keychain is not used, in words for the administrator. */
  reason: string | null;
}

/** The keychain did not answer (no Secret Service, locked, no prompt possible, timed out). */
export class KeychainUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeychainUnavailableError';
  }
}

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();
  get(account: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(account) ?? null);
  }
  set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
    return Promise.resolve();
  }
  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.secrets.delete(account));
  }
  list(): Promise<string[]> {
    return Promise.resolve([...this.secrets.keys()]);
  }
}
