import type { HolderFacts } from '../../../shared/validation/pin.ts';
import { pinyinNameForms } from '../../../shared/validation/pinyin.ts';
import { idCardProblem } from '../../../shared/validation/id-card.ts';
import { isValidPhone } from '../../../shared/validation/phone.ts';
import { nameField, nameValues, readCertificateFields } from '../pki/index.ts';
import { nameReadings } from './name-readings.ts';

interface Subject {
  commonNames: string[];
  values: string[];
}

/**
 * What the token's own certificates tell a guesser about its holder: names (CN, e-mail names), ID numbers
 * and phone numbers in any subject attribute. The PIN rules refuse PINs built from them.
 */
export function holderFactsFrom(certificates: readonly Uint8Array[]): HolderFacts {
  const subjects = certificates.flatMap(subjectOf);
  const values = subjects.flatMap((subject) => subject.values);
  const words = values.flatMap((value) => value.split(/[\s,;]+/));
  const written = [...subjects.flatMap((subject) => subject.commonNames), ...values.flatMap(mailboxName)];
  const pinyin = written.flatMap((name) => pinyinNameForms(nameReadings(name) ?? []));
  return {
    names: [...new Set([...written, ...pinyin])],
    idNumbers: [...new Set(words.filter((w) => idCardProblem(w) === null).map((w) => w.toUpperCase()))],
    phones: [...new Set(words.map((w) => w.replace(/^\+?86-?/, '')).filter((w) => /^\d[\d-]{6,}$/.test(w) && isValidPhone(w)))],
  };
}

function mailboxName(value: string): string[] {
  const match = /^([^@\s]+)@[^@\s]+$/.exec(value.trim());
  return match?.[1] === undefined ? [] : [match[1]];
}

/** A certificate that does not parse tells nothing; it is listed as unreadable elsewhere. */
function subjectOf(der: Uint8Array): Subject[] {
  try {
    const name = readCertificateFields(der).subject;
    return [{ commonNames: nameField(name, 'CN'), values: nameValues(name) }];
  } catch {
    return [];
  }
}
