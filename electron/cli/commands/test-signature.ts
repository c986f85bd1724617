import { translate } from '../../../shared/i18n/index.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { pickToken, withTokens, type CommonOptions } from '../context.ts';
import { readPin } from '../pin.ts';
import { printJson } from '../output.ts';

/** `sealdesk test-signature --cert SELECTOR`: signs a random challenge on the token and verifies it. */
export async function testSignatureCommand(locale: Locale, options: CommonOptions & { cert: string; json: boolean }): Promise<number> {
  const result = await withTokens(options, async (service) => {
    const token = pickToken(await service.tokens(), options.token);
    await service.login(token.serial, await readPin(`${translate(locale, 'login.pin')}: `));
    return service.testSignature(token.serial, options.cert);
  });
  if (options.json) printJson(result);
  else
    process.stdout.write(
      `${translate(locale, result.verified ? 'certs.testSignatureOk' : 'certs.testSignatureFailed', { algorithm: result.algorithm })}\n`,
    );
  return result.verified ? 0 : 1;
}
