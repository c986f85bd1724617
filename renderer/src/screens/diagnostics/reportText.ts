import { isMessageKey, type MessageParams } from '../../../../shared/i18n/index.ts';
import type { Diagnostics } from '../../../../shared/model/diagnostics.ts';
import type { Translator } from '../../i18n.tsx';

type Slot = Diagnostics['slots'][number];

/** A finding's key is a catalog key; an unknown one (a newer service) shows as itself rather than vanish. */
export function findingText({ t }: Translator, key: string, params: MessageParams): string {
  return isMessageKey(key) ? t(key, params) : key;
}

export function moduleLine(report: Diagnostics): string {
  const m = report.module;
  return m === null ? '—' : `${m.path} · ${m.manufacturer} ${m.libraryVersion} · ${m.description} · Cryptoki ${m.cryptokiVersion}`;
}

export function slotTokenLine({ t }: Translator, slot: Slot): string {
  if (slot.token === null) return t('diag.noToken');
  return `${slot.token.label} (${slot.token.serial}) · PIN ${slot.token.pinStates.map((s) => t(`pin.${s}`)).join(', ')}`;
}

/** The signing mechanisms worth naming (vendor-defined ones marked), leaving out the long tail of others. */
export function namedMechanisms(slot: Slot): Array<{ code: number; name: string; vendorDefined: boolean }> {
  return slot.token?.mechanisms.filter((m) => m.family !== 'other') ?? [];
}

export function footerLine({ dateTime }: Translator, report: Diagnostics): string {
  const { app } = report;
  return `SealDesk ${app.version} · ${app.shell} · ${app.platform} · Node ${app.node} · ${dateTime(report.generatedAt)}`;
}

/** The page as plain text, for a help desk's mail or ticket: the same lines the screen shows, in the same order. */
export function reportText(translator: Translator, report: Diagnostics): string {
  const { t } = translator;
  const findings =
    report.findings.length === 0
      ? [`- ${t('diag.ok')}`]
      : report.findings.map(
          (f) => `- [${f.severity}] ${findingText(translator, f.key, f.params)} ${findingText(translator, `${f.key}.advice`, f.params)}`,
        );
  const slots = report.slots.map((slot) => {
    const mechanisms = namedMechanisms(slot).map((m) => (m.vendorDefined ? `${m.name}*` : m.name));
    return `- ${slot.slotId} · ${slot.description} · ${slotTokenLine(translator, slot)}${mechanisms.length > 0 ? ` · ${mechanisms.join(' ')}` : ''}`;
  });
  const tools = report.tools.map((tool) => `- ${tool.name}: ${tool.present ? t('diag.present') : t('diag.missing')}`);
  return [
    `${t('diag.title')} — ${footerLine(translator, report)}`,
    '',
    `${t('diag.findings')}:`,
    ...findings,
    '',
    `${t('diag.module')}: ${moduleLine(report)}`,
    '',
    `${t('diag.slots')}:`,
    ...slots,
    '',
    `${t('diag.tools')}:`,
    ...tools,
    '',
  ].join('\n');
}

/** sealdesk-diagnostics-20261202-2002.txt (local time): sorts by time in a downloads folder, and says what it is. */
export function reportFileName(generatedAt: string): string {
  const at = new Date(generatedAt);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `sealdesk-diagnostics-${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}.txt`;
}
