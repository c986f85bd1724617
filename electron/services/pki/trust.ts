import type { LegacyAlgorithm, PathFailure, PathProblem, TrustStatus } from '../../../shared/model/verification.ts';
import { childrenOf, DER_TAG, readDerHeader, readOid } from '../der/index.ts';
import { KeptResults } from '../platform/index.ts';
import { sha256Hex } from './certificate.ts';
import { readCertificateFields, type CertificateFields } from './certificate-fields.ts';
import type { CrlFields } from './crl-fields.ts';
import { hashForOid, type HashName } from './digest.ts';
import {
  authorityKeyIdentifierOf,
  basicConstraintsOf,
  extendedKeyUsageOf,
  keyUsageOf,
  nameConstraintsOf,
  subjectAltNamesOf,
  subjectKeyIdentifierOf,
} from './extensions.ts';
import { OID } from './oids.ts';
import { legacySignatureAllowed, signatureAllowed } from './path/algorithm-policy.ts';
import { constrainedNames, NameConstraintState } from './path/name-constraints.ts';
import { certificateProblem, type Role } from './path/profile.ts';
import { ocspAnswer, readOcspResponses, type HeldOcspResponse } from './path/ocsp-responses.ts';
import { crlAnswer, readCrls, type RevocationAnswer } from './path/revocation-lists.ts';
import { WorkBudget } from './path/work-budget.ts';
import { schemeForAlgorithm, verifySignature, type SignatureScheme } from './signature.ts';

/** Intermediates on one path at most: deeper ones are not what document-signing CAs build. */
const MAX_INTERMEDIATES = 8;
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/** What the end certificate is being trusted for: its key usage must allow it. */
export type Purpose = 'signing' | 'timestamping' | 'any';

export interface TrustOptions {
  purpose?: Purpose;
  /** Revocation of one certificate on the path, from CRLs or OCSP the caller holds; unknown is not a failure. */
  revocation?: (certificate: Uint8Array) => 'good' | 'revoked' | 'unknown';
  /** An extended key usage the end certificate must allow (RFC 5280 §4.2.1.12: no extension allows any). */
  extendedKeyUsage?: string;
  /** CRLs to check the path against (RFC 5280 §6.3). */
  crls?: readonly Uint8Array[];
  /**
   * OCSP responses to check the path against (RFC 6960). With CRLs or responses given, the end certificate
   * must be covered by a usable one that says good; any that says revoked refuses the path.
   */
  ocspResponses?: readonly Uint8Array[];
  /**
   * The CRLs and responses need not cover the end certificate (a document carries what its signer embedded):
   * whatever they say about a certificate on the path still counts.
   */
  partialRevocationData?: boolean;
  /**
   * CRLs and responses issued after the time asked count too, while the certificate they speak of is
   * still valid: a document's validation data is gathered after it was signed.
   */
  laterRevocationData?: boolean;
  /** At most this many intermediates, self-issued ones not counted (the caller's own bound, below the built-in one). */
  maxIntermediates?: number;
  /** The time asked about is proven by a trusted time-stamp, not merely claimed: a deprecated hash older than it may count. */
  timeProven?: boolean;
}

/** A certificate given as a possible issuer or root that could not be read: left out, and named. */
export interface SkippedCertificate {
  fingerprint: string;
  reason: string;
}

export interface TrustResult {
  status: TrustStatus;
  /** Fingerprints from the end certificate up to the trust anchor (or as far as the best path got). */
  chain: string[];
  /** The certificate that broke the best path and why; null when trusted. */
  failure: PathFailure | null;
  skipped: SkippedCertificate[];
  /** The deprecated hash the trusted path holds, accepted only because the time asked about is proven earlier than its deprecation. */
  legacyAlgorithm: LegacyAlgorithm | null;
  /** The CRLs and OCSP responses given that say the end certificate was not revoked at the time asked (trusted paths only). */
  revocation: RevocationAnswer[];
}

interface Node {
  cert: CertificateFields;
  der: Uint8Array;
  fingerprint: string;
  /** Issuer and subject the same name (RFC 5280 §6.1): not counted for path length, nor name-constrained below the end. */
  selfIssued: boolean;
}

type Attempt = { ok: true; path: Node[]; endRevocation: RevocationAnswer[] } | { ok: false; path: Node[]; failure: PathFailure };

interface Search {
  anchors: ReadonlySet<string>;
  pool: readonly Node[];
  /** The time asked about, to the second: certificate validity is encoded to the second (x509-limbo's notafter-fractional). */
  at: Date;
  options: TrustOptions;
  crls: CrlFields[] | null;
  ocsp: HeldOcspResponse[] | null;
  budget: WorkBudget;
}

/**
 * RFC 5280 path validation, shared by verify, sync and renewal: builds paths from `leaf` through
 * `intermediates` to one of `roots` (cross-signed CAs give several), each certificate checked at `at`
 * against its role (pki/path/profile.ts), each link's signature, then each complete path as a whole:
 * path length, name constraints and CRLs. The first accepted path wins; otherwise the one that got
 * furthest names the certificate that failed. The search has a work budget (pki/path/work-budget.ts).
 * Possible issuers that do not parse are skipped and named; an end certificate that does not parse
 * throws CERT_PARSE_FAILED.
 */
export function evaluateTrust(
  leaf: Uint8Array,
  intermediates: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  at: Date,
  options: TrustOptions = {},
): TrustResult {
  const start = nodeOf(leaf);
  const { nodes: rootNodes, skipped: badRoots } = readableNodes(roots);
  const { nodes: pool, skipped: badIntermediates } = readableNodes([...intermediates, ...roots]);
  const search: Search = {
    anchors: new Set(rootNodes.map((node) => node.fingerprint)),
    pool,
    at: new Date(Math.floor(at.getTime() / 1000) * 1000),
    options,
    crls: options.crls === undefined ? null : readCrls(options.crls),
    ocsp: options.ocspResponses === undefined ? null : readOcspResponses(options.ocspResponses),
    budget: new WorkBudget(),
  };
  const skipped = [...new Map([...badRoots, ...badIntermediates].map((bad) => [bad.fingerprint, bad])).values()];
  return { ...result(extend([start], search), search), skipped };
}

/** The deprecated hash of `node`'s signature when the policy lets the proven time excuse it. */
function legacyOf(node: Node, search: Search): LegacyAlgorithm | null {
  return legacySignatureAllowed(schemeOf(node.cert), search.options.timeProven === true ? search.at : null);
}

function extend(path: Node[], search: Search): Attempt {
  const current = path[path.length - 1] as Node;
  const isAnchor = search.anchors.has(current.fingerprint);
  // A self-signed certificate that is not trusted ends its path (going on would only re-enter it by another
  // name), and that is what to say about it first: nothing else about it could make it trusted.
  if (!isAnchor && selfSigned(current, search)) return failed(path, current, 'untrusted-root');
  const own = ownProblem(current, path.length === 1 ? 'end' : isAnchor ? 'anchor' : 'ca', search);
  if (own !== null) return failed(path, current, own);
  if (isAnchor) return completed(path, search);
  if (path.length > MAX_INTERMEDIATES + 1) return failed(path, current, 'no-issuer');
  if (!search.budget.takePath()) return failed(path, current, 'too-many-candidates');
  const byName = search.pool.filter((c) => !path.some((p) => p.fingerprint === c.fingerprint) && namesChain(current, c));
  // An issuer found by name whose key did not make the signature: the certificate is forged or damaged, not orphaned.
  let best = failed(path, current, byName.length > 0 ? 'signature-invalid' : missingIssuerProblem(current, search));
  for (const issuer of byName.filter((candidate) => keyIdentifiersAgree(current, candidate))) {
    if (!signedBy(current, issuer, search)) {
      if (search.budget.spent) return failed(path, current, 'too-many-candidates');
      continue;
    }
    const attempt = extend([...path, issuer], search);
    if (attempt.ok || attempt.failure.problem === 'too-many-candidates') return attempt;
    if (attempt.path.length > best.path.length) best = attempt;
  }
  return best;
}

/** Checks that belong to one certificate in its role, before any of its issuers is looked for. */
function ownProblem(node: Node, role: Role, search: Search): PathProblem | null {
  if (search.at < node.cert.notBefore) return 'not-yet-valid';
  if (search.at > node.cert.notAfter) return 'expired';
  const problem =
    certificateProblem(node.cert, role, selfSigned(node, search)) ??
    (role === 'end' ? purposeProblem(node.cert, search.options) : role === 'ca' ? caPurposeProblem(node.cert, search.options) : null);
  if (problem !== null) return problem;
  if (role === 'anchor') return null;
  // A trust anchor is trusted for its key, not its own signature; every other signature must meet the policy.
  if (!signatureAllowed(schemeOf(node.cert)) && legacyOf(node, search) === null) return 'weak-algorithm';
  return search.options.revocation?.(node.der) === 'revoked' ? 'revoked' : null;
}

function purposeProblem(cert: CertificateFields, options: TrustOptions): PathProblem | null {
  const purpose = options.purpose ?? 'any';
  const usage = keyUsageOf(cert.extensions);
  if (purpose !== 'any' && usage !== null && !usage.includes('digitalSignature') && !usage.includes('nonRepudiation')) return 'key-usage';
  const extended = extendedKeyUsageOf(cert.extensions);
  if (purpose === 'timestamping' && !extended?.includes(OID.timeStamping)) return 'extended-key-usage';
  return extendedUsageExcludes(extended, options.extendedKeyUsage) ? 'extended-key-usage' : null;
}

/**
 * An intermediate that lists extended key usages without the one asked (nor anyExtendedKeyUsage) was not
 * issued to certify that purpose: CAs and validators alike read a CA's EKU as a limit on what it certifies.
 */
function caPurposeProblem(cert: CertificateFields, options: TrustOptions): PathProblem | null {
  const asked = options.extendedKeyUsage ?? (options.purpose === 'timestamping' ? OID.timeStamping : undefined);
  return extendedUsageExcludes(extendedKeyUsageOf(cert.extensions), asked) ? 'extended-key-usage' : null;
}

/** §4.2.1.12: a certificate listing extended key usages allows only those (anyExtendedKeyUsage all); one without the extension, any. */
function extendedUsageExcludes(extended: readonly string[] | null, asked: string | undefined): boolean {
  return asked !== undefined && extended !== null && !extended.includes(asked) && !extended.includes(ANY_EXTENDED_KEY_USAGE);
}

/** RFC 5280 §6.1 over a whole path, anchor first: path length, name constraints, then the CRLs and OCSP responses given. */
function completed(path: Node[], search: Search): Attempt {
  const failure = lengthFailure(path, search.options) ?? nameConstraintFailure(path);
  if (failure !== null) return { ok: false, path, failure };
  const revocation = revocationCheck(path, search);
  return 'failure' in revocation ? { ok: false, path, failure: revocation.failure } : { ok: true, path, endRevocation: revocation.end };
}

/** §4.2.1.9: a CA's pathLenConstraint counts the intermediates below it that are not self-issued. */
function lengthFailure(path: readonly Node[], options: TrustOptions): PathFailure | null {
  const counted = (from: number, to: number) => path.slice(from, to).filter((node) => !node.selfIssued).length;
  const top = path[path.length - 1] as Node;
  if (options.maxIntermediates !== undefined && counted(1, path.length - 1) > options.maxIntermediates)
    return failureOf(top, 'path-length');
  for (const [index, node] of path.entries()) {
    const limit = index === 0 ? null : (basicConstraintsOf(node.cert.extensions)?.pathLength ?? null);
    if (limit !== null && counted(1, index) > limit) return failureOf(node, 'path-length');
  }
  return null;
}

/** §6.1.3 (b)–(c): each certificate's names against the constraints of the CAs above it; self-issued intermediates are exempt. */
function nameConstraintFailure(path: readonly Node[]): PathFailure | null {
  const constraints = new NameConstraintState();
  for (let index = path.length - 1; index >= 0; index--) {
    const node = path[index] as Node;
    if (index < path.length - 1 && (index === 0 || !node.selfIssued)) {
      const verdict = constraints.check(constrainedNames(node.cert.subject, subjectAltNamesOf(node.cert.extensions) ?? []));
      if (verdict !== 'permitted') return failureOf(node, verdict === 'violated' ? 'name-constraints' : 'name-constraints-too-complex');
    }
    const own = index > 0 ? nameConstraintsOf(node.cert.extensions) : null;
    if (own !== null) constraints.add(own);
  }
  return null;
}

/**
 * §6.3 and RFC 6960 with what was given: any certificate revoked fails the path, and the end certificate
 * must be covered; what says the end certificate is good is kept for the result.
 */
function revocationCheck(path: readonly Node[], search: Search): { failure: PathFailure } | { end: RevocationAnswer[] } {
  const end: RevocationAnswer[] = [];
  if (search.crls === null && search.ocsp === null) return { end };
  const when = { at: search.at, later: search.options.laterRevocationData === true };
  for (let index = 0; index < path.length - 1; index++) {
    const node = path[index] as Node;
    const issuer = path[index + 1] as Node;
    const answers = [
      search.crls === null ? null : crlAnswer(node.cert, issuer, search.crls, when),
      search.ocsp === null ? null : ocspAnswer(node, issuer, search.ocsp, when, search.crls),
    ];
    if (answers.some((answer) => answer?.status === 'revoked')) return { failure: failureOf(node, 'revoked') };
    if (index > 0) continue;
    end.push(...answers.filter((answer): answer is RevocationAnswer => answer?.status === 'good'));
    if (end.length === 0 && search.options.partialRevocationData !== true) return { failure: failureOf(node, 'revocation-unknown') };
  }
  return { end };
}

/** With no issuer by name, a certificate whose key made the signature means the names do not chain. */
function missingIssuerProblem(node: Node, search: Search): PathProblem {
  for (const candidate of search.pool) {
    if (candidate.fingerprint !== node.fingerprint && !namesChain(node, candidate) && signedBy(node, candidate, search)) {
      return 'name-mismatch';
    }
  }
  return search.budget.spent ? 'too-many-candidates' : 'no-issuer';
}

function namesChain(child: Node, issuer: Node): boolean {
  return Buffer.from(child.cert.issuer.der).equals(issuer.cert.subject.der);
}

/** §4.2.1.1: where the child names its issuer's key and the candidate names its own, they must be the same key. */
function keyIdentifiersAgree(child: Node, issuer: Node): boolean {
  const named = authorityKeyIdentifierOf(child.cert.extensions)?.keyIdentifier ?? null;
  const own = subjectKeyIdentifierOf(issuer.cert.extensions);
  return named === null || own === null || Buffer.from(named).equals(own);
}

function selfSigned(node: Node, search: Search): boolean {
  return node.selfIssued && signedBy(node, node, search);
}

/** A batch checks the same approver's and seal's chains for every document; the least recently used go first. */
const signatureChecks = new KeptResults<string, boolean>(1024);

/** Every check counts against the budget, cached or not, so the answer does not depend on what ran before. */
function signedBy(child: Node, issuer: Node, search: Search): boolean {
  if (!search.budget.takeSignature()) return false;
  return signatureChecks.get(`${child.fingerprint}>${issuer.fingerprint}`, () => checkSignedBy(child, issuer));
}

function checkSignedBy(child: Node, issuer: Node): boolean {
  const scheme = schemeOf(child.cert);
  return scheme !== null && verifySignature(issuer.der, scheme, child.cert.tbs, child.cert.signatureValue);
}

function schemeOf(cert: CertificateFields): SignatureScheme | null {
  const { signatureOid, signatureParameters } = cert;
  return schemeForAlgorithm(signatureOid, signatureOid === OID.rsassaPss ? pssHash(signatureParameters) : undefined);
}

/** RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] EXPLICIT AlgorithmIdentifier DEFAULT sha1, … } (RFC 4055). */
function pssHash(parameters: Uint8Array | null): HashName | undefined {
  if (parameters === null) return 'sha1';
  const [explicitHash] = childrenOf(parameters, readDerHeader(parameters, 0), DER_TAG.sequence) ?? [];
  if (explicitHash?.tag !== DER_TAG.contextConstructed0) return 'sha1';
  const [algorithm] = childrenOf(parameters, explicitHash, DER_TAG.contextConstructed0) ?? [];
  const [oid] = childrenOf(parameters, algorithm, DER_TAG.sequence) ?? [];
  return oid === undefined ? undefined : hashForOid(readOid(parameters, oid));
}

const STATUS_OF: Record<PathProblem, TrustStatus> = {
  expired: 'expired',
  'not-yet-valid': 'expired',
  revoked: 'revoked',
  'no-issuer': 'chain-incomplete',
  'too-many-candidates': 'chain-incomplete',
  'untrusted-root': 'untrusted-root',
  'signature-invalid': 'chain-invalid',
  'issuer-not-ca': 'chain-invalid',
  'issuer-key-usage': 'chain-invalid',
  'path-length': 'chain-invalid',
  'key-usage': 'chain-invalid',
  'extended-key-usage': 'chain-invalid',
  'name-mismatch': 'chain-invalid',
  'unknown-critical-extension': 'chain-invalid',
  'bad-extension': 'chain-invalid',
  'key-identifier': 'chain-invalid',
  'weak-key': 'chain-invalid',
  'weak-algorithm': 'chain-invalid',
  'empty-subject': 'chain-invalid',
  'end-entity-is-ca': 'chain-invalid',
  'name-constraints': 'chain-invalid',
  'name-constraints-too-complex': 'chain-invalid',
  'revocation-unknown': 'chain-invalid',
  'explicit-policy-required': 'chain-invalid',
  'policy-mapping-any-policy': 'chain-invalid',
};

function result(attempt: Attempt, search: Search): Omit<TrustResult, 'skipped'> {
  const chain = attempt.path.map((node) => node.fingerprint);
  if (!attempt.ok)
    return { status: STATUS_OF[attempt.failure.problem], chain, failure: attempt.failure, legacyAlgorithm: null, revocation: [] };
  const signed = attempt.path.filter((node) => !search.anchors.has(node.fingerprint) && !signatureAllowed(schemeOf(node.cert)));
  const legacyAlgorithm = signed.map((node) => legacyOf(node, search)).find((legacy) => legacy !== null) ?? null;
  return { status: 'trusted', chain, failure: null, legacyAlgorithm, revocation: attempt.endRevocation };
}

function failed(path: Node[], node: Node, problem: PathProblem): Attempt {
  return { ok: false, path, failure: failureOf(node, problem) };
}

function failureOf(node: Node, problem: PathProblem): PathFailure {
  return { subject: node.cert.subject.text, fingerprint: node.fingerprint, problem };
}

const parsed = new KeptResults<string, Node>(256);

function nodeOf(der: Uint8Array): Node {
  const fingerprint = sha256Hex(der);
  return parsed.get(fingerprint, () => {
    const cert = readCertificateFields(der);
    return { cert, der, fingerprint, selfIssued: Buffer.from(cert.issuer.der).equals(cert.subject.der) };
  });
}

/** Each certificate once; one that does not parse is named and left out, never stopping the others. */
function readableNodes(ders: readonly Uint8Array[]): { nodes: Node[]; skipped: SkippedCertificate[] } {
  const nodes = new Map<string, Node>();
  const skipped: SkippedCertificate[] = [];
  for (const der of ders) {
    try {
      const node = nodeOf(der);
      nodes.set(node.fingerprint, node);
    } catch (error) {
      skipped.push({ fingerprint: sha256Hex(der), reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { nodes: [...nodes.values()], skipped };
}
