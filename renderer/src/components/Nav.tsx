import type { MessageKey } from '../../../shared/i18n/index.ts';
import { useT } from '../i18n.tsx';

export const SECTIONS = ['home', 'certificates', 'seals', 'applications', 'sync', 'audit', 'settings', 'diagnostics'] as const;
export type Section = (typeof SECTIONS)[number];

export function Nav({ current, onSelect }: { current: Section; onSelect: (section: Section) => void }) {
  const { t } = useT();
  return (
    <nav className="nav" aria-label="main">
      {SECTIONS.map((section) => (
        <button
          key={section}
          type="button"
          className={section === current ? 'nav-item active' : 'nav-item'}
          aria-current={section === current ? 'page' : undefined}
          onClick={() => onSelect(section)}
        >
          {t(`nav.${section}` satisfies MessageKey)}
        </button>
      ))}
    </nav>
  );
}
