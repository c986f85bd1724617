import type { Section } from './Nav.tsx';

/** Outline icons drawn as strokes on a 24-unit grid, so the collapsed sidebar needs no icon font or image files. */
const PATHS: Record<Section, string> = {
  home: 'M3 11l9-8 9 8M5 9.5V21h5v-6h4v6h5V9.5',
  certificates: 'M4 4h16v11H4zM8 8h8M8 11h5M14 15v6l2-1.5 2 1.5v-6',
  seals: 'M9 3h6v6l-1 3h-4l-1-3zM4 13h16v4H4zM6 21h12',
  applications: 'M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8',
  sync: 'M4 12a8 8 0 0 1 14-5.3L20 9M20 4v5h-5M20 12a8 8 0 0 1-14 5.3L4 15M4 20v-5h5',
  audit: 'M10 6h10M10 12h10M10 18h10M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2',
  settings: 'M12 9a3 3 0 1 0 0 6 3 3 0 1 0 0-6zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9 7 7M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1',
  diagnostics: 'M3 12h4l3-8 4 16 3-8h4',
};

export function NavIcon({ section }: { section: Section }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[section]} />
    </svg>
  );
}
