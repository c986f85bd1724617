import type { PathFailure, PathProblem, TrustStatus } from '../../../shared/model/verification.ts';
import { childrenOf, DER_TAG, readDerHeader, readOid } from '../der/index.ts';
import { KeptResults } from '../platform/index.ts';
import { sha256Hex } from './certificate.ts';
import { readCertificateFields, type CertificateFields } from './certificate-fields.ts';
import { hashForOid, type HashName } from './digest.ts';
import { basicConstraintsOf, extendedKeyUsageOids, keyUsageOf } from './extensions.ts';
import { OID } from './oids.ts';
import { schemeForAlgorithm, verifySignature } from './signature.ts';

const MAX_DEPTH = 8;

/** What the end certificate is being trusted for: its key usage must allow it. */
export type Purpose = 'signing' | 'timestamping' | 'any';

export interface TrustOptions {
  purpose?: Purpose;
  /** Revocation of one certificate on the path, from CRLs or OCSP the caller holds; unknown is not a failure. */
  revocation?: (certificate: Uint8Array) => 'good' | 'revoked' | 'unknown';
}

export interface TrustResult {
  status: TrustStatus;
  /** Fingerprints from the end certificate up to the trust anchor (or as far as the best path got). */
  chain: string[];
  /** The certificate that broke the best path and why; null when trusted. */
  failure: PathFailure | null;
}

interface Node {
  cert: CertificateFields;
  der: Uint8Array;
  fingerprint: string;
}

type Attempt = { ok: true; path: Node[] } | { ok: false; path: Node[]; failure: PathFailure };

/**
 * RFC 5280 path validation, shared by verify, sync and renewal: builds every path from `leaf` through
 * `intermediates` to one of `roots` (cross-signed CAs give several), checking at `at` each link's
 * validity, signature, name chaining, basicConstraints and path length, keyCertSign on issuers, the
 * end certificate's key usage for `purpose`, and revocation. The first complete path wins; otherwise
 * the one that got furthest names the certificate that failed.
 */
export function evaluateTrust(
  leaf: Uint8Array,
  intermediates: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  at: Date,
  options: TrustOptions = {},
): TrustResult {
  const anchors = new Set(roots.map((der) => sha256Hex(der)));
  const pool = uniqueNodes([...intermediates, ...roots]);
  const start = nodeOf(leaf);
  const endProblem = endEntityProblem(start.cert, options.purpose ?? 'any');
  if (endProblem !== null) return result({ ok: false, path: [start], failure: failureOf(start, endProblem) });
  return result(extend([start], { anchors, pool, at, revocation: options.revocation }));
}

interface Search {
  anchors: ReadonlySet<string>;
  pool: readonly Node[];
  at: Date;
  revocation: TrustOptions['revocation'];
}

function extend(path: Node[], search: Search): Attempt {
  const current = path[path.length - 1] as Node;
  const own = ownProblem(current, path.length - 1, search);
  if (own !== null) return { ok: false, path, failure: failureOf(current, own) };
  if (search.anchors.has(current.fingerprint)) return { ok: true, path };
  // A self-signed certificate that is not trusted ends its path: going on would only re-enter it by another name.
  if (selfSigned(current)) return { ok: false, path, failure: failureOf(current, 'untrusted-root') };
  if (path.length > MAX_DEPTH) return { ok: false, path, failure: failureOf(current, 'no-issuer') };
  const candidates = search.pool.filter((c) => !path.some((p) => p.fingerprint === c.fingerprint) && namesChain(current, c));
  // An issuer found by name whose key did not make the signature: the certificate is forged or damaged, not orphaned.
  const missing = candidates.length > 0 ? 'signature-invalid' : missingIssuerProblem(current, search.pool);
  let best: Attempt = { ok: false, path, failure: failureOf(current, missing) };
  for (const issuer of candidates) {
    if (!signedBy(current, issuer)) continue;
    const attempt = extend([...path, issuer], search);
    if (attempt.ok) return attempt;
    if (attempt.path.length > best.path.length) best = attempt;
  }
  return best;
}

/** Checks that belong to one certificate at its place in the path (0 is the end certificate). */
function ownProblem(node: Node, index: number, search: Search): PathProblem | null {
  if (search.at < node.cert.notBefore) return 'not-yet-valid';
  if (search.at > node.cert.notAfter) return 'expired';
  if (index > 0) {
    const constraints = basicConstraintsOf(node.cert.extensions);
    if (constraints === null || !constraints.ca) return 'issuer-not-ca';
    if (constraints.pathLength !== null && index - 1 > constraints.pathLength) return 'path-length';
    const usage = keyUsageOf(node.cert.extensions);
    if (usage !== null && !usage.includes('keyCertSign')) return 'issuer-key-usage';
  }
  if (search.anchors.has(node.fingerprint)) return null;
  return search.revocation?.(node.der) === 'revoked' ? 'revoked' : null;
}

function endEntityProblem(cert: CertificateFields, purpose: Purpose): PathProblem | null {
  if (purpose === 'any') return null;
  const usage = keyUsageOf(cert.extensions);
  if (usage !== null && !usage.includes('digitalSignature') && !usage.includes('nonRepudiation')) return 'key-usage';
  if (purpose === 'timestamping' && !extendedKeyUsageOids(cert.extensions).includes(OID.timeStamping)) return 'extended-key-usage';
  return null;
}

/** With no issuer by name, a certificate whose key made the signature means the names do not chain. */
function missingIssuerProblem(node: Node, pool: readonly Node[]): PathProblem {
  for (const candidate of pool) {
    if (candidate.fingerprint !== node.fingerprint && !namesChain(node, candidate) && signedBy(node, candidate)) {
      return 'name-mismatch';
    }
  }
  return 'no-issuer';
}

function namesChain(child: Node, issuer: Node): boolean {
  return Buffer.from(child.cert.issuer.der).equals(issuer.cert.subject.der);
}

function selfSigned(node: Node): boolean {
  return namesChain(node, node) && signedBy(node, node);
}

/** A batch checks the same approver's and seal's chains for every document. */
const signatureChecks = new KeptResults<string, boolean>(256);

function signedBy(child: Node, issuer: Node): boolean {
  return signatureChecks.get(`${child.fingerprint}>${issuer.fingerprint}`, () => checkSignedBy(child, issuer));
}

function checkSignedBy(child: Node, issuer: Node): boolean {
  const { signatureOid, signatureParameters, tbs, signatureValue } = child.cert;
  const scheme = schemeForAlgorithm(signatureOid, signatureOid === OID.rsassaPss ? pssHash(signatureParameters) : undefined);
  return scheme !== null && verifySignature(issuer.der, scheme, tbs, signatureValue);
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
  'untrusted-root': 'untrusted-root',
  'signature-invalid': 'chain-invalid',
  'issuer-not-ca': 'chain-invalid',
  'issuer-key-usage': 'chain-invalid',
  'path-length': 'chain-invalid',
  'key-usage': 'chain-invalid',
  'extended-key-usage': 'chain-invalid',
  'name-mismatch': 'chain-invalid',
};

function result(attempt: Attempt): TrustResult {
  const chain = attempt.path.map((node) => node.fingerprint);
  if (attempt.ok) return { status: 'trusted', chain, failure: null };
  return { status: STATUS_OF[attempt.failure.problem], chain, failure: attempt.failure };
}

function failureOf(node: Node, problem: PathProblem): PathFailure {
  return { subject: node.cert.subject.text, fingerprint: node.fingerprint, problem };
}

const parsed = new KeptResults<string, Node>(256);

function nodeOf(der: Uint8Array): Node {
  const fingerprint = sha256Hex(der);
  return parsed.get(fingerprint, () => ({ cert: readCertificateFields(der), der, fingerprint }));
}

function uniqueNodes(ders: readonly Uint8Array[]): Node[] {
  const seen = new Map<string, Node>();
  for (const der of ders) {
    const node = nodeOf(der);
    seen.set(node.fingerprint, node);
  }
  return [...seen.values()];
}
