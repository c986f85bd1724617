/**
 * How much work one validation may do: candidate paths tried and issuer signatures checked. A PDF brings
 * its own certificates, so a mesh of cross-signed CAs sharing names must end in a refusal, not a hang; work
 * is counted rather than timed so the answer is the same on every machine. Real paths need a handful.
 */
export const WORK_LIMITS = { paths: 100, signatures: 200 } as const;

export class WorkBudget {
  #paths = 0;
  #signatures = 0;

  /** False once the path budget is spent. */
  takePath(): boolean {
    return ++this.#paths <= WORK_LIMITS.paths;
  }

  /** False once the signature budget is spent. */
  takeSignature(): boolean {
    return ++this.#signatures <= WORK_LIMITS.signatures;
  }

  get spent(): boolean {
    return this.#paths > WORK_LIMITS.paths || this.#signatures > WORK_LIMITS.signatures;
  }
}
