import type { Socket } from 'node:net';
import { Rejected } from './auth.ts';
import type { CenterConfig } from './config.ts';

const ENROLMENT_WINDOW_MS = 15 * 60_000;

/**
 * What one network address may cost the center before it has proved anything: open connections, and
 * enrolment attempts that fail (guessing codes). Kept in memory; a restart forgets, which is fine
 * for limits measured in minutes.
 */
export class SourceLimits {
  readonly #connections = new Map<string, number>();
  readonly #enrolmentFailures = new Map<string, number[]>();

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
    this.#enrolmentFailures.set(source, [...this.#recentFailures(source), this.now().getTime()]);
  }

  #recentFailures(source: string): number[] {
    const since = this.now().getTime() - ENROLMENT_WINDOW_MS;
    return (this.#enrolmentFailures.get(source) ?? []).filter((at) => at > since);
  }
}
