import { translate } from '../../../shared/i18n/index.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import type { Token } from '../../../shared/model/token.ts';
import { pickToken, withTokens, type CommonOptions } from '../context.ts';
import { readNewPin, readPin, readSoPin } from '../pin.ts';

function newPin(locale: Locale): Promise<string> {
  return readNewPin(`${translate(locale, 'pinChange.new')}: `, `${translate(locale, 'pinChange.confirm')}: `);
}

function done(locale: Locale, key: 'pinChange.done' | 'pinUnlock.done', token: Token): number {
  process.stdout.write(`${token.label}: ${translate(locale, key)}\n`);
  return 0;
}

/** `sealdesk pin change`: current PIN from SEALDESK_PIN, new one from SEALDESK_NEW_PIN, or prompts. */
export async function pinChangeCommand(locale: Locale, options: CommonOptions): Promise<number> {
  const token = await withTokens(options, async (service) => {
    const { serial } = pickToken(await service.tokens(), options.token);
    const oldPin = await readPin(`${translate(locale, 'pinChange.old')}: `);
    return service.changePin(serial, oldPin, await newPin(locale));
  });
  return done(locale, 'pinChange.done', token);
}

/** `sealdesk pin unlock`: the IT administrator's reset with the SO PIN (SEALDESK_SO_PIN or a prompt). */
export async function pinUnlockCommand(locale: Locale, options: CommonOptions): Promise<number> {
  const token = await withTokens(options, async (service) => {
    const { serial } = pickToken(await service.tokens(), options.token);
    const soPin = await readSoPin(`${translate(locale, 'pinUnlock.so')}: `);
    return service.unlockPin(serial, soPin, await newPin(locale));
  });
  return done(locale, 'pinUnlock.done', token);
}
