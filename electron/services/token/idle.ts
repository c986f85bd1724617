/** How long a logged-in token may sit unused before SealDesk logs it out by itself. */
export interface IdlePolicy {
  /** Read at every check, so a changed setting applies without reopening the module. */
  limitMs: () => number;
  checkEveryMs?: number;
}

/**
 * Logs out tokens nobody has signed with for the policy's limit: a USBKey left in an unattended PC
 * must not stay open for whoever sits down next.
 */
export class IdleLogout {
  readonly #lastUse = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly policy: IdlePolicy,
    private readonly logout: (serial: string) => Promise<unknown>,
  ) {
    this.#timer = setInterval(() => void this.#check(), policy.checkEveryMs ?? 5_000);
    this.#timer.unref();
  }

  touch(serial: string): void {
    this.#lastUse.set(serial, Date.now());
  }

  forget(serial: string): void {
    this.#lastUse.delete(serial);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #check(): Promise<void> {
    const deadline = Date.now() - this.policy.limitMs();
    for (const [serial, lastUse] of this.#lastUse) {
      if (lastUse > deadline) continue;
      this.#lastUse.delete(serial);
      // A token already pulled out is logged out anyway; nothing to report.
      await this.logout(serial).catch(() => undefined);
    }
  }
}
