import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { PathFailure, PathProblem, TrustStatus } from '../../../shared/model/verification.ts';
import { parseCertificateDer, sha256Hex } from './certificate.ts';
import { KeptResults } from '../platform/index.ts';
import { OID } from './oids.ts';
import { sm2SignedBy } from './sm2.ts';

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
  cert: x509.X509Certificate;
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
export async function evaluateTrust(
  leaf: Uint8Array,
  intermediates: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  at: Date,
  options: TrustOptions = {},
): Promise<TrustResult> {
  const anchors = new Set(roots.map((der) => sha256Hex(der)));
  const pool = uniqueNodes([...intermediates, ...roots]);
  const start = nodeOf(leaf);
  const endProblem = endEntityProblem(start.cert, options.purpose ?? 'any');
  if (endProblem !== null) return result({ ok: false, path: [start], failure: failureOf(start, endProblem) });
  return result(await extend([start], { anchors, pool, at, revocation: options.revocation }));
}

interface Search {
  anchors: ReadonlySet<string>;
  pool: readonly Node[];
  at: Date;
  revocation: TrustOptions['revocation'];
}

async function extend(path: Node[], search: Search): Promise<Attempt> {
  const current = path[path.length - 1] as Node;
  const own = ownProblem(current, path.length - 1, search);
  if (own !== null) return { ok: false, path, failure: failureOf(current, own) };
  if (search.anchors.has(current.fingerprint)) return { ok: true, path };
  // A self-signed certificate that is not trusted ends its path: going on would only re-enter it by another name.
  if (await selfSigned(current)) return { ok: false, path, failure: failureOf(current, 'untrusted-root') };
  if (path.length > MAX_DEPTH) return { ok: false, path, failure: failureOf(current, 'no-issuer') };
  const candidates = search.pool.filter((c) => !path.some((p) => p.fingerprint === c.fingerprint) && namesChain(current, c));
  // An issuer found by name whose key did not make the signature: the certificate is forged or damaged, not orphaned.
  const missing = candidates.length > 0 ? 'signature-invalid' : await missingIssuerProblem(current, search.pool);
  let best: Attempt = { ok: false, path, failure: failureOf(current, missing) };
  for (const issuer of candidates) {
    if (!(await signedBy(current, issuer))) continue;
    const attempt = await extend([...path, issuer], search);
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
    const constraints = node.cert.getExtension(x509.BasicConstraintsExtension);
    if (constraints === null || !constraints.ca) return 'issuer-not-ca';
    if (constraints.pathLength !== undefined && index - 1 > constraints.pathLength) return 'path-length';
    const usage = node.cert.getExtension(x509.KeyUsagesExtension);
    if (usage !== null && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) return 'issuer-key-usage';
  }
  if (search.anchors.has(node.fingerprint)) return null;
  return search.revocation?.(node.der) === 'revoked' ? 'revoked' : null;
}

function endEntityProblem(cert: x509.X509Certificate, purpose: Purpose): PathProblem | null {
  if (purpose === 'any') return null;
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  const signs = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  if (usage !== null && (usage.usages & signs) === 0) return 'key-usage';
  const extended = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? null;
  if (purpose === 'timestamping' && !(extended ?? []).includes(OID.timeStamping)) return 'extended-key-usage';
  return null;
}

/** With no issuer by name, a certificate whose key made the signature means the names do not chain. */
async function missingIssuerProblem(node: Node, pool: readonly Node[]): Promise<PathProblem> {
  for (const candidate of pool) {
    if (candidate.fingerprint !== node.fingerprint && !namesChain(node, candidate) && (await signedBy(node, candidate))) {
      return 'name-mismatch';
    }
  }
  return 'no-issuer';
}

function namesChain(child: Node, issuer: Node): boolean {
  return Buffer.from(child.cert.issuerName.toArrayBuffer()).equals(Buffer.from(issuer.cert.subjectName.toArrayBuffer()));
}

async function selfSigned(node: Node): Promise<boolean> {
  return namesChain(node, node) && (await signedBy(node, node));
}

/** A batch checks the same approver's and seal's chains for every document. */
const signatureChecks = new KeptResults<string, Promise<boolean>>(256);

function signedBy(child: Node, issuer: Node): Promise<boolean> {
  return signatureChecks.get(`${child.fingerprint}>${issuer.fingerprint}`, () => checkSignedBy(child, issuer));
}

async function checkSignedBy(child: Node, issuer: Node): Promise<boolean> {
  if (child.cert.signatureAlgorithm.name === OID.sm2WithSm3) {
    return sm2SignedBy('certificate', child.der, new Uint8Array(issuer.cert.publicKey.rawData));
  }
  try {
    return await child.cert.verify({ publicKey: issuer.cert.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
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
  return { subject: node.cert.subject, fingerprint: node.fingerprint, problem };
}

const parsed = new KeptResults<string, Node>(256);

function nodeOf(der: Uint8Array): Node {
  const fingerprint = sha256Hex(der);
  return parsed.get(fingerprint, () => ({ cert: parseCertificateDer(der), der, fingerprint }));
}

function uniqueNodes(ders: readonly Uint8Array[]): Node[] {
  const seen = new Map<string, Node>();
  for (const der of ders) {
    const node = nodeOf(der);
    seen.set(node.fingerprint, node);
  }
  return [...seen.values()];
}
