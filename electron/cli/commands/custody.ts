import { translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import { dayBoundary } from '../../../shared/model/audit.ts';
import type { CustodyEntry } from '../../../shared/model/custody.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { CustodyRecords, CustodyService } from '../../services/custody/index.ts';
import type { NewOutboxItem } from '../../services/sync/index.ts';
import type { TokenService } from '../../services/token/index.ts';
import { cliSettings, withTokens, type CommonOptions } from '../context.ts';
import { cliAuditTrail } from '../desk.ts';
import { printJson } from '../output.ts';
import { readPin } from '../pin.ts';
import { cliQueue, openOutbox } from './sync.ts';

/**
 * Once enrolled with a center, a handover and a return go to it through the outbox: the outbox is opened
 * (SEALDESK_PASSPHRASE or a prompt) before anyone signs, so a record is never left unqueued.
 */
async function custody(locale: Locale, tokens: TokenService): Promise<CustodyService> {
  const { store, dataDir } = cliSettings();
  const enrolled = store.read().centerEnrolment !== null;
  const queue = enrolled ? cliQueue({ store, dataDir, ...(await openOutbox(locale, dataDir)) }) : null;
  const delivery = { ready: () => queue !== null, queue: (item: NewOutboxItem) => queue?.(item) ?? Promise.resolve() };
  return new CustodyService({ dataDir, settings: store, tokens: () => tokens, audit: cliAuditTrail(tokens), delivery });
}

/** Each USBKey that signs is logged in once, with its own prompt (or SEALDESK_PIN). */
async function logIn(locale: Locale, tokens: TokenService, serials: readonly string[]): Promise<void> {
  const present = await tokens.tokens();
  for (const serial of new Set(serials)) {
    const token = present.find((t) => t.serial === serial);
    if (token?.loggedIn === true) continue;
    await tokens.login(serial, await readPin(`${token?.label ?? serial} ${translate(locale, 'login.pin')}: `));
  }
}

/**
 * `sealdesk custody delegate --to SELECTOR --from DATE --until DATE --reason TEXT --approver SELECTOR`: the seal's
 * USBKey (--token, SEALDESK_TOKEN, or the one holding seals), the stand-in's and the approver's, each signing.
 */
export async function custodyDelegateCommand(
  locale: Locale,
  options: CommonOptions & { to: string; from: string; until: string; reason: string; approver: string; pending?: string | undefined },
): Promise<number> {
  return withTokens(options, async (tokens) => {
    const service = await custody(locale, tokens);
    const standIn = await service.locate(options.to);
    const approver = await service.locate(options.approver);
    const sealToken = options.token ?? process.env['SEALDESK_TOKEN'];
    const sealSerials = (await tokens.tokens()).filter((t) => sealToken === undefined || t.label === sealToken || t.serial === sealToken);
    await logIn(locale, tokens, [...sealSerials.map((t) => t.serial), standIn.serial, approver.serial]);
    const entry = await service.delegate({
      sealToken,
      standIn,
      approver,
      from: new Date(dayBoundary(options.from, false)),
      until: new Date(dayBoundary(options.until, true)),
      reason: options.reason,
      pendingWork: options.pending,
    });
    const { delegation } = entry;
    process.stdout.write(
      `${translate(locale, 'custody.delegated', {
        standIn: delegation.standIn.name,
        from: formatDateTime(locale, delegation.from),
        until: formatDateTime(locale, delegation.until),
        seals: delegation.seals.map((s) => s.name).join('、'),
        pdf: entry.handoverPdf,
      })}\n`,
    );
    return 0;
  });
}

/** `sealdesk custody return`: the custodian takes the seal back; custodian and stand-in sign the return. */
export async function custodyReturnCommand(locale: Locale, options: CommonOptions): Promise<number> {
  return withTokens(options, async (tokens) => {
    const service = await custody(locale, tokens);
    const current = service.status().entries.find((e) => e.state === 'active' || e.state === 'scheduled');
    if (current !== undefined) await logIn(locale, tokens, [current.delegation.token.serial, current.delegation.standIn.token.serial]);
    const entry = await service.takeBack();
    process.stdout.write(
      `${translate(locale, 'custody.returned', {
        standIn: entry.delegation.standIn.name,
        returnedAt: formatDateTime(locale, entry.returnedAt ?? ''),
        pdf: entry.returnPdf ?? '',
      })}\n`,
    );
    return 0;
  });
}

/** `sealdesk custody status [--json]`: every delegation, newest first, with its state now; needs no USBKey. */
export function custodyStatusCommand(locale: Locale, options: { json: boolean }): number {
  const status = CustodyRecords.in(cliSettings().dataDir).status(new Date());
  if (options.json) printJson(status);
  else {
    if (status.entries.length === 0) process.stdout.write(`${translate(locale, 'custody.none')}\n`);
    for (const entry of status.entries) process.stdout.write(`${describe(locale, entry)}\n`);
  }
  for (const path of status.unreadable) process.stderr.write(`${translate(locale, 'custody.unreadable', { path })}\n`);
  return 0;
}

function describe(locale: Locale, { delegation, state }: CustodyEntry): string {
  return translate(locale, 'custody.line', {
    state: translate(locale, `custody.state.${state}`),
    standIn: delegation.standIn.name,
    period: translate(locale, 'custody.period', {
      from: formatDateTime(locale, delegation.from),
      until: formatDateTime(locale, delegation.until),
    }),
    reason: delegation.reason,
    approver: delegation.approver.name,
    seals: delegation.seals.map((s) => s.name).join('、'),
  });
}
