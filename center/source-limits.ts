import type { Socket } from 'node:net';
import { Rejected } from './auth.ts';
import type { CenterConfig } from './config.ts';

const ENROLMENT_WINDOW_MS = 15 * 60_000;
/** How often addresses whose failures all aged out are forgotten: a flood of addresses then costs linear time. */
const PRUNE_EVERY_MS = 60_000;

/**
 * What one network address may cost the center before it has proved anything: open connections, and
 * enrolment attempts that fail (guessing codes). Kept in memory; a restart forgets, which is fine
 * for limits measured in minutes.
 */
export class SourceLimits {
  readonly #connections = new Map<string, number>();
  readonly #enrolmentFailures = new Map<string, number[]>();
  #prunedAt = 0;

  constructor(
    private readonly config: Pick<CenterConfig, 'connectionsPerSource' | 'enrolmentFailuresPerSource'>,
    private readonly now: () => Date,
  ) {}

  /** Counts the socket against its address and closes it at once when the address holds too many. */
  admitConnection(socket: Socket): void {
    const source = socket.remoteAddress ?? '';
    const open = (this.#connections.get(source) ?? 0) + 1;
    if (open > this.config.connectionsPerSource) {
      socket.destroy();
      return;
    }
    this.#connections.set(source, open);
    socket.once('close', () => {
      const left = (this.#connections.get(source) ?? 1) - 1;
      if (left === 0) this.#connections.delete(source);
      else this.#connections.set(source, left);
    });
  }

  /** Throws `too-many-requests` (429) while the address has used up its failed attempts. */
  assertEnrolmentAllowed(source: string): void {
    if (this.#recentFailures(source).length >= this.config.enrolmentFailuresPerSource) throw new Rejected('too-many-requests', 429);
  }

  recordEnrolmentFailure(source: string): void {
    this.#forgetExpired();
    this.#enrolmentFailures.set(source, [...this.#recentFailures(source), this.now().getTime()]);
  }

  /** Addresses with failed enrolments still counted: what the center holds in memory for them. */
  get enrolmentSourcesTracked(): number {
    return this.#enrolmentFailures.size;
  }

  #forgetExpired(): void {
    const now = this.now().getTime();
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    for (const source of this.#enrolmentFailures.keys()) {
      if (this.#recentFailures(source).length === 0) this.#enrolmentFailures.delete(source);
    }
  }

  #recentFailures(source: string): number[] {
    const since = this.now().getTime() - ENROLMENT_WINDOW_MS;
    return (this.#enrolmentFailures.get(source) ?? []).filter((at) => at > since);
  }
}
