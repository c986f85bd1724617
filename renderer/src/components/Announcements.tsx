import { useEffect, useRef, useState } from 'react';
import type { ExpiryReminder } from '../../../shared/model/certificate-status.ts';
import type { SyncNotice } from '../../../shared/model/sync.ts';
import { useApi } from '../api/context.tsx';
import { translate } from '../../../shared/i18n/index.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { useT } from '../i18n.tsx';

function describeNotice(locale: Locale, notice: SyncNotice): string {
  const status = translate(locale, `sync.status.${notice.status}`);
  const params = { title: notice.title, status, reason: notice.reason ?? '' };
  return translate(locale, notice.reason ? 'sync.notice.withReason' : 'sync.notice', params);
}

function describeReminder(locale: Locale, reminder: ExpiryReminder): string {
  const key = reminder.threshold === 0 ? 'certStatus.reminderExpired' : 'certStatus.reminder';
  return translate(locale, key, { label: reminder.label, days: reminder.daysLeft });
}

/** Raises a desktop notification where the system allows one (asking once). */
function notifyDesktop(title: string, body: string): void {
  if (typeof Notification === 'undefined') return;
  if (Notification.permission === 'granted') new Notification(title, { body });
  else if (Notification.permission === 'default') void Notification.requestPermission();
}

/**
 * What changed without the user asking: the resource center's statuses and notices after a sync, and
 * certificate expiry reminders. Each is a desktop notification and a line in the window until dismissed.
 */
export function Announcements() {
  const api = useApi();
  const { t, locale } = useT();
  const [shown, setShown] = useState<string[]>([]);
  const remindersSeen = useRef(new Set<string>());
  useEffect(() => {
    const announce = (lines: string[]): void => {
      for (const line of lines) notifyDesktop(translate(locale, 'app.name'), line);
      if (lines.length > 0) setShown((previous) => [...previous, ...lines]);
    };
    // Reminders found while no window was open wait for one; the pushed and the pulled copy are said once.
    const remind = (reminders: readonly ExpiryReminder[]): void => {
      const fresh = reminders.filter((r) => !remindersSeen.current.has(`${r.fingerprint}:${r.threshold}`));
      for (const r of fresh) remindersSeen.current.add(`${r.fingerprint}:${r.threshold}`);
      announce(fresh.map((r) => describeReminder(locale, r)));
      if (fresh.length > 0)
        void api.call('certs.acknowledgeReminders', { reminders: fresh.map(({ fingerprint, threshold }) => ({ fingerprint, threshold })) });
    };
    const offSync = api.on('sync.updated', ({ notices, announcements }) =>
      announce([
        ...notices.map((notice) => describeNotice(locale, notice)),
        ...announcements.map((notice) => translate(locale, 'sync.announcement', { title: notice.title })),
      ]),
    );
    const offReminders = api.on('certs.reminders', ({ reminders }) => remind(reminders));
    api.call('certs.dueReminders', {}).then(remind, () => undefined);
    return () => {
      offSync();
      offReminders();
    };
  }, [api, locale]);
  if (shown.length === 0) return null;
  return (
    <div className="banner announcements" role="status">
      <ul>
        {shown.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setShown([])}>
        {t('sync.notice.dismiss')}
      </button>
    </div>
  );
}
