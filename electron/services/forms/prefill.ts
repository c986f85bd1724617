import { schemaAt, valueAt, type FormDefinition } from '../../../shared/forms/index.ts';
import type { CertificateDetails } from '../../../shared/model/certificate.ts';

/** What the token's certificates say about the applying unit and the person who holds the key. */
export interface TokenIdentity {
  unitName: string | null;
  creditCode: string | null;
  holderName: string | null;
}

/** The unit from its unit certificate (else its seal's), the holder from the personal certificate. */
export function identityFrom(certificates: readonly CertificateDetails[]): TokenIdentity {
  const ofKind = (kind: CertificateDetails['kind']) => certificates.filter((c) => c.kind === kind && !c.isCa);
  const unitSide = [...ofKind('unit'), ...ofKind('seal')];
  const unit = unitSide[0]?.subject;
  return {
    unitName: unit?.organization ?? unit?.commonName ?? null,
    creditCode: unitSide.map((c) => c.subject.creditCode).find((code) => code !== null) ?? null,
    holderName: ofKind('personal')[0]?.subject.commonName ?? null,
  };
}

/** Where the catalog's forms ask for what a token knows (the common fields every form starts with). */
const PREFILLED: readonly [path: string, fact: keyof TokenIdentity][] = [
  ['applicant.name', 'unitName'],
  ['applicant.creditCode', 'creditCode'],
  ['handler.name', 'holderName'],
];

/**
 * The data with the unit's name, 统一社会信用代码 and the holder's name filled in from the token, where
 * the form asks for them and nothing is there yet (an imported value is kept).
 */
export function prefilled(form: FormDefinition, data: Record<string, unknown>, identity: TokenIdentity): Record<string, unknown> {
  let next = data;
  for (const [path, fact] of PREFILLED) {
    const value = identity[fact];
    if (value === null || schemaAt(form.schema, path) === undefined || (valueAt(next, path) ?? '') !== '') continue;
    next = withValueAt(next, path.split('.'), value);
  }
  return next;
}

function withValueAt(data: Record<string, unknown>, [key, ...rest]: string[], value: string): Record<string, unknown> {
  if (key === undefined) return data;
  if (rest.length === 0) return { ...data, [key]: value };
  const child = data[key];
  const inner = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...data, [key]: withValueAt(inner, rest, value) };
}
