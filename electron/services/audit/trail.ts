import type { AuditKind, AuditMethod, AuditRecord } from '../../../shared/model/audit.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import type { TokenService } from '../token/index.ts';
import type { Ledger } from './ledger.ts';

/** One act as its caller knows it; the trail adds the time, the method and who was at the token. */
export interface AuditAct {
  kind: AuditKind;
  /** The USBKey the act was done with (for a PIN act, the USBKey whose PIN it was). */
  serial: string;
  /** The seal or certificate, or its selector (fingerprint) on the USBKey. */
  subject: TokenCertificate | string | null;
  approver?: string | null;
  document?: { name: string; sha256: string } | null;
  purpose?: string | null;
  output?: string | null;
  crossPage?: boolean;
  final?: boolean;
  /** One of many documents done at once (批量盖章). */
  batch?: boolean;
  /** A stand-in sealing under 代管, named instead of the holder on the USBKey, with the custodian they seal for. */
  delegated?: { operator: string; custodian: string } | null;
}

export interface AuditTrailOptions {
  ledger: Ledger;
  /** The shell or command line the acts come from. */
  method: Exclude<AuditMethod, 'batch'>;
  tokens: () => TokenService;
  now?: () => Date;
}

/** Who was at a USBKey: its label, and the holder of its personal certificate. */
interface AtToken {
  label: string;
  operator: string;
}

/** The one way seal, approval, application, certificate, PIN and enrolment code records an act. */
export class AuditTrail {
  /** Per token service (a module switch opens a new one), per USBKey: who is at it in the current login session. */
  readonly #atToken = new WeakMap<TokenService, Map<string, Promise<AtToken>>>();

  constructor(private readonly options: AuditTrailOptions) {}

  /** The record as written, its time the trail's. */
  async record(act: AuditAct): Promise<AuditRecord> {
    const tokens = this.options.tokens();
    const { label, operator } = await this.#whoIsAt(tokens, act.serial);
    const subject = typeof act.subject === 'string' ? (await tokens.certificateDer(act.serial, act.subject)).certificate : act.subject;
    const record: AuditRecord = {
      time: (this.options.now?.() ?? new Date()).toISOString(),
      kind: act.kind,
      method: act.batch === true ? 'batch' : this.options.method,
      token: { serial: act.serial, label },
      operator: act.delegated?.operator ?? operator,
      ...(act.delegated ? { custodian: act.delegated.custodian } : {}),
      subject: subject && {
        kind: subject.kind === 'seal' ? 'seal' : 'certificate',
        name: subject.subject.commonName ?? subject.label,
        label: subject.label,
        fingerprintSha256: subject.fingerprintSha256,
      },
      approver: act.approver ?? null,
      document: act.document ?? null,
      purpose: act.purpose ?? null,
      output: act.output ?? null,
      crossPage: act.crossPage ?? false,
      final: act.final ?? false,
    };
    this.options.ledger.append(record);
    return record;
  }

  /**
   * Read from the USBKey once per login session and kept until its next login or logout (or a certificate
   * written to it or removed): a batch of a hundred seals is a hundred records under one login, and who
   * holds the key does not change between them. A USBKey not logged in (a PIN reset) is read every time.
   */
  #whoIsAt(tokens: TokenService, serial: string): Promise<AtToken> {
    const known = this.#sessionsOf(tokens);
    const cached = known.get(serial);
    if (cached !== undefined) return cached;
    const reading = readWhoIsAt(tokens, serial);
    const atToken = reading.then((read) => read.atToken);
    known.set(serial, atToken);
    // Only a login session is kept: a failed read, or a USBKey not logged in, is read again next time.
    const forget = (): void => {
      if (known.get(serial) === atToken) known.delete(serial);
    };
    reading.then((read) => read.loggedIn || forget(), forget);
    return atToken;
  }

  #sessionsOf(tokens: TokenService): Map<string, Promise<AtToken>> {
    const known = this.#atToken.get(tokens) ?? new Map<string, Promise<AtToken>>();
    if (!this.#atToken.has(tokens)) {
      tokens.onHolderChange((serial) => known.delete(serial));
      this.#atToken.set(tokens, known);
    }
    return known;
  }
}

async function readWhoIsAt(tokens: TokenService, serial: string): Promise<{ atToken: AtToken; loggedIn: boolean }> {
  const token = (await tokens.tokens()).find((t) => t.serial === serial);
  const { certificates } = await tokens.certificates(serial);
  const label = token?.label ?? '';
  return { atToken: { label, operator: operatorOf(certificates, token?.label ?? serial) }, loggedIn: token?.loggedIn === true };
}

/**
 * The holder of the personal certificate on the USBKey that was logged in is who acted; a USBKey with
 * none (a seal key alone) is named by its label, as the custodian knows it.
 */
function operatorOf(certificates: readonly TokenCertificate[], fallback: string): string {
  const holders = [...new Set(certificates.filter((c) => c.kind === 'personal').flatMap((c) => c.subject.commonName ?? []))];
  return holders.length > 0 ? holders.join('、') : fallback;
}
