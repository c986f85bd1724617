import type { DocumentFacts } from '../../../../shared/model/document.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

/** A batch names its first files one by one and counts the rest: the sheet stays readable. */
const LISTED = 10;
/** Enough of the SHA-256 to tell two versions of a file apart at a glance; the whole one is the tooltip. */
const SHA_PREFIX = 16;

/** The files about to be signed as they are on disk now: name, pages and SHA-256 prefix of each. */
export function DocumentFactsTable({ paths }: { paths: readonly string[] }) {
  const api = useApi();
  const { t, error: describe } = useT();
  const listed = paths.slice(0, LISTED);
  const facts = useCall(() => Promise.allSettled(listed.map((path) => api.call('documents.describe', { path }))), [listed.join('\n')]);
  return (
    <>
      <table className="document-facts" data-testid="document-facts">
        <thead>
          <tr>
            <th>{t('sheet.fileName')}</th>
            <th>{t('sheet.pages')}</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((path, i) => {
            const fact = facts.data?.[i];
            return (
              <tr key={path}>
                <td>{fact?.status === 'fulfilled' ? fact.value.name : path}</td>
                {fact === undefined && <td colSpan={2}>{t('common.loading')}</td>}
                {fact?.status === 'rejected' && (
                  <td colSpan={2} className="error">
                    {describe(fact.reason)}
                  </td>
                )}
                {fact?.status === 'fulfilled' && <Facts facts={fact.value} />}
              </tr>
            );
          })}
        </tbody>
      </table>
      {paths.length > LISTED && <p className="hint">{t('sheet.moreFiles', { count: paths.length - LISTED })}</p>}
    </>
  );
}

function Facts({ facts }: { facts: DocumentFacts }) {
  const { t } = useT();
  return (
    <>
      <td>{t('sheet.pageCount', { pages: facts.pages })}</td>
      <td className="mono" title={facts.sha256}>
        {facts.sha256.slice(0, SHA_PREFIX)}…
      </td>
    </>
  );
}
