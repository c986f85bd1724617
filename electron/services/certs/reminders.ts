import type { CertificateStatus, ExpiryReminder } from '../../../shared/model/certificate-status.ts';
import type { SettingsStore } from '../settings/index.ts';

/**
 * Expiry reminders due for one token: a certificate that reached a tighter threshold (30, 14, 7, 1
 * days, then expired) than the last one announced. Recorded in the settings so each is said once,
 * across restarts and whichever shell said it.
 */
export function takeDueReminders(
  settings: SettingsStore,
  serial: string,
  statuses: readonly Pick<CertificateStatus, 'label' | 'fingerprint' | 'daysLeft' | 'threshold'>[],
): ExpiryReminder[] {
  const announced = settings.read().expiryReminders;
  const due = statuses.flatMap((status) => {
    const last = announced[status.fingerprint];
    if (status.threshold === null || (last !== undefined && status.threshold >= last)) return [];
    const { label, fingerprint, daysLeft, threshold } = status;
    return [{ serial, label, fingerprint, daysLeft, threshold }];
  });
  if (due.length > 0) {
    const current = settings.read();
    const recorded = Object.fromEntries(due.map((reminder) => [reminder.fingerprint, reminder.threshold]));
    settings.write({ ...current, expiryReminders: { ...current.expiryReminders, ...recorded } });
  }
  return due;
}
