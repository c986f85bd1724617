// The x509-limbo suite (../shared/x509-limbo/limbo.json, read in place) run through pki/trust.ts: which
// cases a document-signing validator can express, each case's inputs, and the per-family table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { derFromPem, evaluateTrust, OID, type TrustOptions, type TrustResult } from '../../electron/services/pki/index.ts';

export const LIMBO_FILE = fileURLToPath(new URL('../../../shared/x509-limbo/limbo.json', import.meta.url));

export interface LimboCase {
  id: string;
  features: string[];
  conflicts_with: string[];
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  key_usage: string[];
  extended_key_usage: string[];
  crls: string[];
  max_chain_depth: number | null;
  expected_result: 'SUCCESS' | 'FAILURE';
}

export function loadLimbo(): LimboCase[] {
  return (JSON.parse(readFileSync(LIMBO_FILE, 'utf8')) as { testcases: LimboCase[] }).testcases;
}

/** Optional behaviours the suite marks that SealDesk does not take on: Web PKI pedantry, and RFC 5280 rules the Web PKI overrides. */
const SKIPPED_FEATURES = new Set([
  'pedantic-rfc5280',
  'pedantic-serial-number',
  'pedantic-webpki-eku',
  'pedantic-public-suffix-wildcard',
  'pedantic-webpki-subscriber-key',
  'rfc5280-incompatible-with-webpki',
]);

/** Cases whose answer hangs on matching a TLS server name (or IP) against the certificate: no document has one. */
const SERVER_NAME_CASES = [
  /^webpki::cn::/,
  /^webpki::san::/,
  /^rfc5280::san::(underscore-dns|ip-in-dns)$/,
  /^rfc5280::ca-as-leaf-wrong-san$/,
];

/** Where the suite's two profiles disagree, document signing sides with the Web PKI's: a CA certificate signs no document. */
const PROFILE_CHOICES: Readonly<Record<string, string>> = { 'rfc5280::ca-as-leaf': 'webpki::ca-as-leaf' };

/** Why a case is not run, or null when it is. */
export function skipReason(limboCase: LimboCase): string | null {
  const feature = limboCase.features.find((name) => SKIPPED_FEATURES.has(name));
  if (feature !== undefined) return `feature ${feature}`;
  if (SERVER_NAME_CASES.some((pattern) => pattern.test(limboCase.id))) return 'TLS server name';
  const chosen = PROFILE_CHOICES[limboCase.id];
  return chosen === undefined ? null : `conflicts with ${chosen}`;
}

const EKU_OID: Readonly<Record<string, string>> = {
  serverAuth: OID.serverAuth,
  clientAuth: OID.clientAuth,
};

const ders = (pems: readonly string[]): Uint8Array[] => pems.flatMap((pem) => derFromPem(pem));

/** RFC 3339 with a UTC offset, or now when the case names no time. */
function validationTime(limboCase: LimboCase): Date {
  return limboCase.validation_time === null ? new Date() : new Date(limboCase.validation_time);
}

function optionsOf(limboCase: LimboCase): TrustOptions {
  const [eku] = limboCase.extended_key_usage;
  return {
    purpose: limboCase.key_usage.includes('digitalSignature') ? 'signing' : 'any',
    ...(eku === undefined ? {} : { extendedKeyUsage: EKU_OID[eku] ?? eku }),
    ...(limboCase.crls.length === 0 ? {} : { crls: limboCase.crls.flatMap((pem) => derFromPem(pem, 'X509 CRL')) }),
    ...(limboCase.max_chain_depth === null ? {} : { maxIntermediates: limboCase.max_chain_depth }),
  };
}

export interface LimboOutcome {
  id: string;
  family: string;
  expected: LimboCase['expected_result'];
  /** SUCCESS when the chain was trusted; FAILURE for any other answer, a parse failure included. */
  actual: LimboCase['expected_result'];
  detail: string;
  milliseconds: number;
}

/** `rfc5280::nc::x` is in family rfc5280::nc, `rfc5280::ee-aia` in rfc5280. */
export function familyOf(id: string): string {
  const parts = id.split('::');
  return parts.slice(0, Math.max(1, parts.length - 1)).join('::');
}

export function runLimboCase(limboCase: LimboCase): LimboOutcome {
  const started = performance.now();
  let trust: TrustResult | Error;
  try {
    const [leaf] = ders([limboCase.peer_certificate]);
    trust = evaluateTrust(
      leaf as Uint8Array,
      ders(limboCase.untrusted_intermediates),
      ders(limboCase.trusted_certs),
      validationTime(limboCase),
      optionsOf(limboCase),
    );
  } catch (error) {
    trust = error as Error;
  }
  const milliseconds = performance.now() - started;
  const trusted = !(trust instanceof Error) && trust.status === 'trusted';
  return {
    id: limboCase.id,
    family: familyOf(limboCase.id),
    expected: limboCase.expected_result,
    actual: trusted ? 'SUCCESS' : 'FAILURE',
    detail: trust instanceof Error ? trust.message : `${trust.status} ${trust.failure?.problem ?? ''}`.trim(),
    milliseconds,
  };
}

export interface FamilyRow {
  family: string;
  run: number;
  right: number;
  falseAccepts: number;
  falseRefusals: number;
  skipped: number;
}

export function familyTable(outcomes: readonly LimboOutcome[], skipped: readonly LimboCase[]): FamilyRow[] {
  const rows = new Map<string, FamilyRow>();
  const rowOf = (family: string): FamilyRow => {
    const known = rows.get(family) ?? { family, run: 0, right: 0, falseAccepts: 0, falseRefusals: 0, skipped: 0 };
    rows.set(family, known);
    return known;
  };
  for (const outcome of outcomes) {
    const row = rowOf(outcome.family);
    row.run++;
    if (outcome.actual === outcome.expected) row.right++;
    else if (outcome.actual === 'SUCCESS') row.falseAccepts++;
    else row.falseRefusals++;
  }
  for (const limboCase of skipped) rowOf(familyOf(limboCase.id)).skipped++;
  return [...rows.values()].sort((a, b) => a.family.localeCompare(b.family));
}

export function formatTable(rows: readonly FamilyRow[]): string {
  const header = ['family', 'run', 'right', 'false accept', 'false refusal', 'skipped'];
  const total = rows.reduce(
    (sum, row) => ({
      family: 'total',
      run: sum.run + row.run,
      right: sum.right + row.right,
      falseAccepts: sum.falseAccepts + row.falseAccepts,
      falseRefusals: sum.falseRefusals + row.falseRefusals,
      skipped: sum.skipped + row.skipped,
    }),
    { family: 'total', run: 0, right: 0, falseAccepts: 0, falseRefusals: 0, skipped: 0 },
  );
  const lines = [...rows, total].map((row) => [row.family, row.run, row.right, row.falseAccepts, row.falseRefusals, row.skipped]);
  return [header, ...lines].map((cells) => cells.map((cell, i) => String(cell).padEnd(i === 0 ? 24 : 14)).join('')).join('\n');
}
