import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
// The class alone: the calendar data comes from forms.catalog, not the bundle.
import { WorkingDayCalendar } from '../../../../shared/calendar/working-days.ts';
import type { FormsCatalogView } from '../../../../shared/api/index.ts';
import type { FormDefinition } from '../../../../shared/forms/index.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { useCall } from '../../useCall.ts';

export interface Catalog {
  /** Forms a new application may use. */
  forms: readonly FormDefinition[];
  /** Every form a draft may have been made with: those offered, then those kept. */
  known: readonly FormDefinition[];
  formById: (id: string) => FormDefinition | undefined;
  calendar: WorkingDayCalendar;
  publishedAt: string | null;
}

const CatalogContext = createContext<Catalog | null>(null);

function catalogOf(view: FormsCatalogView): Catalog {
  const known = [...view.forms, ...view.kept];
  return {
    forms: view.forms,
    known,
    formById: (id) => known.find((form) => form.id === id),
    calendar: new WorkingDayCalendar(view.calendar),
    publishedAt: view.publishedAt,
  };
}

/** The forms and calendar in force, from the service; reloaded when a sync adopts the center's new catalog. */
export function CatalogProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const loaded = useCall(() => api.call('forms.catalog', {}), []);
  useEffect(() => api.on('catalog.changed', () => loaded.reload()), [api, loaded.reload]);
  const catalog = useMemo(() => (loaded.data === null ? null : catalogOf(loaded.data)), [loaded.data]);
  if (catalog === null) return <CallState call={loaded} />;
  return <CatalogContext.Provider value={catalog}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): Catalog {
  const catalog = useContext(CatalogContext);
  if (catalog === null) throw new Error('useCatalog outside CatalogProvider');
  return catalog;
}
