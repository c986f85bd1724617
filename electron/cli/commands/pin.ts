import { translate } from '../../../shared/i18n/index.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import type { Token } from '../../../shared/model/token.ts';
import type { TokenService } from '../../services/token/index.ts';
import { trustedRootsOf } from '../../services/pki/index.ts';
import { checkUnlockRequest, requestUnlock } from '../../services/unlock/index.ts';
import { cliAuditTrail, cliRootFiles } from '../desk.ts';
import { cliSettings, pickToken, withTokens, type CommonOptions } from '../context.ts';
import { readNewPin, readPin, readSoPin } from '../pin.ts';

type PinStep = (tokens: TokenService, serial: string, current: string, next: string) => Promise<Token>;

/**
 * The token picked, the PIN that authorises the step (user or SO), the new PIN (twice at a prompt), then `step`,
 * recorded in the ledger.
 */
async function setPin(
  locale: Locale,
  options: CommonOptions,
  current: () => Promise<string>,
  step: PinStep,
  done: 'pinChange.done' | 'pinUnlock.done',
): Promise<number> {
  const token = await withTokens(options, async (tokens) => {
    const { serial } = pickToken(await tokens.tokens(), options.token);
    const authorising = await current();
    const next = await readNewPin(`${translate(locale, 'pinChange.new')}: `, `${translate(locale, 'pinChange.confirm')}: `);
    const changed = await step(tokens, serial, authorising, next);
    await cliAuditTrail(tokens).record({ kind: done === 'pinChange.done' ? 'pin-change' : 'pin-unlock', serial, subject: null });
    return changed;
  });
  process.stdout.write(`${token.label}: ${translate(locale, done)}\n`);
  return 0;
}

/** `sealdesk pin change`: current PIN from SEALDESK_PIN, new one from SEALDESK_NEW_PIN, or prompts. */
export function pinChangeCommand(locale: Locale, options: CommonOptions): Promise<number> {
  const current = () => readPin(`${translate(locale, 'pinChange.old')}: `);
  return setPin(locale, options, current, (tokens, serial, old, next) => tokens.changePin(serial, old, next), 'pinChange.done');
}

/**
 * `sealdesk pin unlock [--request DIR]`: the IT administrator's reset with the SO PIN (SEALDESK_SO_PIN or a
 * prompt); with --request, only after the holder's signed unlock request has been checked for this USBKey.
 */
export function pinUnlockCommand(locale: Locale, options: CommonOptions & { request?: string | undefined }): Promise<number> {
  const current = () => readSoPin(`${translate(locale, 'pinUnlock.so')}: `);
  return setPin(
    locale,
    options,
    current,
    async (tokens, serial, so, next) => {
      if (options.request !== undefined) {
        const roots = trustedRootsOf(cliSettings().store.read(), cliRootFiles());
        const { signedBy } = await checkUnlockRequest(options.request, serial, roots);
        process.stdout.write(`${translate(locale, 'unlockRequest.checked')}: ${signedBy}\n`);
      }
      return tokens.unlockPin(serial, so, next);
    },
    'pinUnlock.done',
  );
}

/** `sealdesk pin unlock-request`: the locked USBKey described, signed with a certificate on another one (SEALDESK_PIN). */
export async function pinUnlockRequestCommand(
  locale: Locale,
  options: CommonOptions & { signToken: string; signWith: string; output: string },
): Promise<number> {
  const folder = await withTokens(options, async (tokens) => {
    const all = await tokens.tokens();
    const locked = pickToken(all, options.token);
    const signing = pickToken(all, options.signToken);
    if (signing.serial !== locked.serial) await tokens.login(signing.serial, await readPin(`${translate(locale, 'pinChange.old')}: `));
    return requestUnlock(tokens, locked.serial, { serial: signing.serial, selector: options.signWith }, options.output);
  });
  process.stdout.write(`${translate(locale, 'unlockRequest.done')}: ${folder}\n`);
  return 0;
}
