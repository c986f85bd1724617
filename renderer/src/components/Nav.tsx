import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { useT } from '../i18n.tsx';
import { NavIcon } from './NavIcon.tsx';

export const SECTIONS = ['home', 'certificates', 'seals', 'applications', 'sync', 'audit', 'settings', 'diagnostics'] as const;
export type Section = (typeof SECTIONS)[number];

/** Below this window width the sidebar shows icons only, leaving the room to the section. */
const NARROW = '(max-width: 1100px)';

function useNarrowWindow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const follow = (): void => setNarrow(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return narrow;
}

export function Nav({ current, onSelect }: { current: Section; onSelect: (section: Section) => void }) {
  const { t } = useT();
  const narrow = useNarrowWindow();
  // The toggle's choice holds until the window crosses the width again.
  const [choice, setChoice] = useState<boolean | null>(null);
  useEffect(() => setChoice(null), [narrow]);
  const collapsed = choice ?? narrow;
  return (
    <nav className={collapsed ? 'nav collapsed' : 'nav'} aria-label={t('nav.label')} data-collapsed={collapsed}>
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={!collapsed}
        aria-label={t(collapsed ? 'nav.expand' : 'nav.collapse')}
        title={t(collapsed ? 'nav.expand' : 'nav.collapse')}
        onClick={() => setChoice(!collapsed)}
      >
        <span aria-hidden="true">{collapsed ? '»' : '«'}</span>
      </button>
      {SECTIONS.map((section) => {
        const label = t(`nav.${section}` satisfies MessageKey);
        return (
          <button
            key={section}
            type="button"
            className={section === current ? 'nav-item active' : 'nav-item'}
            aria-current={section === current ? 'page' : undefined}
            onClick={() => onSelect(section)}
          >
            <NavIcon section={section} />
            <span className="nav-label">{label}</span>
            {/* Hidden from screen readers: the label above already names the button. */}
            {collapsed && (
              <span className="nav-tooltip" aria-hidden="true">
                {label}
              </span>
            )}
          </button>
        );
      })}
    </nav>
  );
}
