import { translate } from '../../../shared/i18n/index.ts';
import { formatDay } from '../../../shared/i18n/time.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import { validityOf } from '../../../shared/model/validity.ts';
import { matchingTokens, withTokens, type CommonOptions } from '../context.ts';
import { printJson } from '../output.ts';

function certificateJson(cert: TokenCertificate) {
  return {
    label: cert.label,
    kind: cert.kind,
    subject: cert.subject.text,
    issuer: cert.issuer.text,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    keyType: cert.keyType.display,
    fingerprintSha256: cert.fingerprintSha256,
    hasPrivateKey: cert.hasPrivateKey,
  };
}

/** `sealdesk tokens`: every token present (or the one --token names) with its certificates. */
export async function tokensCommand(locale: Locale, options: CommonOptions & { json: boolean }): Promise<number> {
  const report = await withTokens(options, async (service) => {
    const present = await service.tokens();
    const tokens = matchingTokens(present, options.token);
    return Promise.all(tokens.map(async (token) => ({ token, listing: await service.certificates(token.serial) })));
  });
  if (options.json) {
    printJson({
      tokens: report.map(({ token, listing }) => ({
        label: token.label,
        serial: token.serial,
        manufacturer: token.manufacturer,
        flags: token.flags,
        pinStates: token.pinStates,
        certificates: listing.certificates.map(certificateJson),
      })),
    });
    return 0;
  }
  if (report.length === 0) process.stdout.write(`${translate(locale, 'home.empty')}\n`);
  for (const { token, listing } of report) {
    const pin = token.pinStates.map((s) => translate(locale, `pin.${s}`)).join(', ');
    process.stdout.write(`● ${token.label}  ${token.manufacturer}  ${translate(locale, 'home.serial')} ${token.serial}  PIN: ${pin}\n`);
    for (const cert of listing.certificates) {
      const validity = validityOf(cert.notBefore, cert.notAfter);
      const days =
        validity.state === 'valid'
          ? translate(locale, 'certs.daysLeft', { days: validity.daysLeft })
          : translate(locale, `certs.${validity.state}`);
      process.stdout.write(`  - [${translate(locale, `kind.${cert.kind}`)}] ${cert.label}: ${cert.subject.text}\n`);
      process.stdout.write(
        `    ${cert.keyType.display}, ${formatDay(locale, cert.notAfter)} (${days}), ${cert.fingerprintSha256.slice(0, 16)}…\n`,
      );
    }
    for (const bad of listing.unreadable) process.stdout.write(`  ! ${translate(locale, 'certs.unreadable', { label: bad.label })}\n`);
  }
  return 0;
}
