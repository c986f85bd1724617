import type { CertificateStatus, ExpiryReminder } from '../../../shared/model/certificate-status.ts';
import type { SettingsStore } from '../settings/index.ts';

/**
 * Expiry reminders due for one token: a certificate that reached a tighter threshold (30, 14, 7, 1
 * days, then expired) than the last one acknowledged. They stay due until a window has shown them,
 * so a reminder found while no window is open is not lost.
 */
export function dueReminders(
  settings: SettingsStore,
  serial: string,
  statuses: readonly Pick<CertificateStatus, 'label' | 'fingerprint' | 'daysLeft' | 'threshold'>[],
): ExpiryReminder[] {
  const announced = settings.read().expiryReminders;
  return statuses.flatMap((status) => {
    const last = announced[status.fingerprint];
    if (status.threshold === null || (last !== undefined && status.threshold >= last)) return [];
    const { label, fingerprint, daysLeft, threshold } = status;
    return [{ serial, label, fingerprint, daysLeft, threshold }];
  });
}

/** Records reminders a window has shown, in the settings, so each is said once across restarts and shells. */
export function acknowledgeReminders(
  settings: SettingsStore,
  reminders: readonly Pick<ExpiryReminder, 'fingerprint' | 'threshold'>[],
): void {
  if (reminders.length === 0) return;
  const current = settings.read();
  const recorded = { ...current.expiryReminders };
  for (const { fingerprint, threshold } of reminders) recorded[fingerprint] = Math.min(threshold, recorded[fingerprint] ?? threshold);
  settings.write({ ...current, expiryReminders: recorded });
}
