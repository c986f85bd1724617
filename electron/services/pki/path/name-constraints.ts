import { readDerHeader } from '../../der/index.ts';
import { GENERAL_NAME, type GeneralName, type NameConstraints } from '../extensions.ts';
import { readName, type ParsedName } from '../name.ts';

export type NameVerdict = 'permitted' | 'violated' | 'too-complex';

/** OpenSSL's bound (NAME_CHECK_MAX): names × constraints beyond it are refused, not ground through. */
const MAX_COMPARISONS = 1 << 20;

/**
 * RFC 5280 §6.1.3 (b)–(c) and §6.1.4 (g): the constraints the CAs above a certificate put on its names.
 * Each CA's permitted subtrees narrow what the ones above allowed (a name must fit every list that has its
 * form), excluded subtrees add up. A name or constraint that is not well formed, or a form SealDesk cannot
 * compare (otherName, x400Address, ediPartyName, registeredID) that is constrained, violates.
 */
export class NameConstraintState {
  readonly #permitted: GeneralName[][] = [];
  readonly #excluded: GeneralName[] = [];
  #size = 0;

  add(constraints: NameConstraints): void {
    if (constraints.permitted !== null) this.#permitted.push(constraints.permitted);
    this.#excluded.push(...constraints.excluded);
    this.#size += (constraints.permitted?.length ?? 0) + constraints.excluded.length;
  }

  check(names: readonly GeneralName[]): NameVerdict {
    if (this.#size === 0) return 'permitted';
    if (names.length * this.#size > MAX_COMPARISONS) return 'too-complex';
    return names.every((name) => this.#allows(name)) ? 'permitted' : 'violated';
  }

  #allows(name: GeneralName): boolean {
    const excluded = this.#excluded.filter((constraint) => constraint.form === name.form);
    if (excluded.some((constraint) => matches(name, constraint, 'excluded'))) return false;
    return this.#permitted.every((list) => {
      const sameForm = list.filter((constraint) => constraint.form === name.form);
      return sameForm.length === 0 || sameForm.some((constraint) => matches(name, constraint, 'permitted'));
    });
  }
}

/** The names a certificate is constrained on: its subject, its subjectAltName entries and e-mail addresses in its subject. */
export function constrainedNames(subject: ParsedName, altNames: readonly GeneralName[]): GeneralName[] {
  const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));
  const emails = subject.rdns.flatMap((rdn) => rdn.filter((attribute) => attribute.type === 'E'));
  return [
    ...(subject.rdns.length === 0 ? [] : [{ form: GENERAL_NAME.directoryName, value: subject.der }]),
    ...altNames,
    ...emails.map((email) => ({ form: GENERAL_NAME.rfc822Name, value: text(email.value) })),
  ];
}

type Side = 'permitted' | 'excluded';

/**
 * Whether `name` is inside the subtree `constraint`. Where the answer cannot be known (a malformed name or
 * constraint, an uncomparable form) it is the answer that refuses: inside an excluded tree, outside a permitted one.
 */
function matches(name: GeneralName, constraint: GeneralName, side: Side): boolean {
  const answer = compare(name, constraint, side);
  return answer === 'unknown' ? side === 'excluded' : answer;
}

function compare(name: GeneralName, constraint: GeneralName, side: Side): boolean | 'unknown' {
  const text = (value: Uint8Array) => Buffer.from(value).toString('latin1');
  switch (name.form) {
    case GENERAL_NAME.dNSName:
      return dnsInside(text(name.value).toLowerCase(), text(constraint.value).toLowerCase(), side);
    case GENERAL_NAME.rfc822Name:
      return emailInside(text(name.value), text(constraint.value));
    case GENERAL_NAME.uniformResourceIdentifier:
      return uriInside(text(name.value), text(constraint.value).toLowerCase());
    case GENERAL_NAME.iPAddress:
      return ipInside(name.value, constraint.value);
    case GENERAL_NAME.directoryName:
      return directoryInside(name.value, constraint.value);
    default:
      return 'unknown';
  }
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function validHost(host: string): boolean {
  return host.length > 0 && host.length <= 253 && host.split('.').every((label) => LABEL.test(label));
}

/** Zero or more labels added to the left of the constraint (RFC 5280 §4.2.1.10); a wildcard covers one unknown label. */
function dnsInside(name: string, constraint: string, side: Side): boolean | 'unknown' {
  const wildcard = name.startsWith('*.');
  const host = wildcard ? name.slice(2) : name;
  if (!validHost(host) || (constraint !== '' && !validHost(constraint))) return 'unknown';
  const under = (inner: string, outer: string) => outer === '' || inner === outer || inner.endsWith(`.${outer}`);
  // A wildcard is excluded when any name it stands for could be: the excluded tree overlaps it.
  if (wildcard && side === 'excluded') return under(host, constraint) || constraint.endsWith(`.${host}`);
  return under(host, constraint);
}

/** A mailbox (exact), a host (every mailbox on it) or `.domain` (every host under it). */
function emailInside(name: string, constraint: string): boolean | 'unknown' {
  const at = name.lastIndexOf('@');
  const local = name.slice(0, at);
  const host = name.slice(at + 1).toLowerCase();
  if (at <= 0 || local.includes('@') || !validHost(host)) return 'unknown';
  if (constraint.includes('@')) {
    const constraintAt = constraint.lastIndexOf('@');
    const constraintHost = constraint.slice(constraintAt + 1).toLowerCase();
    if (constraintAt <= 0 || !validHost(constraintHost)) return 'unknown';
    return local === constraint.slice(0, constraintAt) && host === constraintHost;
  }
  const domain = constraint.toLowerCase();
  if (domain.startsWith('.')) return validHost(domain.slice(1)) ? host.endsWith(domain) : 'unknown';
  return validHost(domain) ? host === domain : 'unknown';
}

const URI_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]*)/i;

/** The URI's host against a host (exact) or `.domain` (hosts under it). */
function uriInside(uri: string, constraint: string): boolean | 'unknown' {
  const host = URI_HOST.exec(uri)?.[1]?.toLowerCase();
  if (host === undefined || !validHost(host)) return 'unknown';
  if (constraint.startsWith('.')) return validHost(constraint.slice(1)) ? host.endsWith(constraint) : 'unknown';
  return validHost(constraint) ? host === constraint : 'unknown';
}

/** An address (4 or 16 octets) against address ‖ mask (8 or 32), the mask's ones contiguous. */
function ipInside(address: Uint8Array, constraint: Uint8Array): boolean | 'unknown' {
  const half = constraint.length / 2;
  if (![4, 16].includes(address.length) || ![4, 16].includes(half) || !contiguous(constraint.subarray(half))) return 'unknown';
  if (address.length !== half) return false;
  return address.every((octet, i) => (octet & (constraint[half + i] ?? 0)) === ((constraint[i] ?? 0) & (constraint[half + i] ?? 0)));
}

function contiguous(mask: Uint8Array): boolean {
  const bits = [...mask].map((octet) => octet.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits);
}

/** The constraint's RDNs begin the name's, attribute values compared without case or extra spaces (RFC 5280 §7.1). */
function directoryInside(name: Uint8Array, constraint: Uint8Array): boolean | 'unknown' {
  let parsedName: ParsedName;
  let parsedConstraint: ParsedName;
  try {
    parsedName = readName(name, readDerHeader(name, 0) ?? failName());
    parsedConstraint = readName(constraint, readDerHeader(constraint, 0) ?? failName());
  } catch {
    return 'unknown';
  }
  const rdnKey = (rdn: ParsedName['rdns'][number]) =>
    rdn
      .map((attribute) => `${attribute.type}=${attribute.value.trim().replace(/\s+/g, ' ').toLowerCase()}`)
      .sort()
      .join('+');
  return (
    parsedConstraint.rdns.length <= parsedName.rdns.length &&
    parsedConstraint.rdns.every((rdn, i) => rdnKey(rdn) === rdnKey(parsedName.rdns[i] ?? []))
  );
}

function failName(): never {
  throw new Error('not a DER Name');
}
