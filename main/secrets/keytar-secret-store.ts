import { KeychainUnavailableError, type SecretStore } from './secret-store';

/** The part of keytar's API we use; the module is loaded by the composition root. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux). A keychain can block on an unlock prompt nobody answers, so every call
 * has a time limit; any failure is reported as KeychainUnavailableError.
 */
export class KeytarSecretStore implements SecretStore {
  constructor(
    private readonly keytar: KeytarApi,
    private readonly service: string,
    private readonly timeoutMs = 10_000,
  ) {}

  get(account: string): Promise<string | null> {
    return this.guard(() => this.keytar.getPassword(this.service, account));
  }
  set(account: string, secret: string): Promise<void> {
    return this.guard(() => this.keytar.setPassword(this.service, account, secret));
  }
  delete(account: string): Promise<boolean> {
    return this.guard(() => this.keytar.deletePassword(this.service, account));
  }
  async list(): Promise<string[]> {
    const found = await this.guard(() => this.keytar.findCredentials(this.service));
    return found.map((credential) => credential.account);
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new KeychainUnavailableError('The keychain did not answer in time (is it locked?).')),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([operation(), timeout]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      // keytar's messages name the cause ("Cannot autolaunch D-Bus", "locked collection"); they carry no secret.
      throw new KeychainUnavailableError(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }
}
