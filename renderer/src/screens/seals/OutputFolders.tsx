import type { OutputTask } from '../../../../shared/model/files.ts';
import type { Settings } from '../../../../shared/model/settings.ts';
import { useT } from '../../i18n.tsx';

type Folders = Settings['outputFolders'];
const TASKS: readonly OutputTask[] = ['approve', 'seal'];

/** Where 签发 and 盖章 write, each chosen once and remembered in the settings; none means beside each original. */
export function OutputFolders(props: {
  folders: Folders;
  choose: (start?: string) => Promise<string | null>;
  onChange: (folders: Folders) => void;
}) {
  const { t } = useT();
  const { folders } = props;
  const change = async (task: OutputTask): Promise<void> => {
    const folder = await props.choose(folders[task]);
    if (folder !== null) props.onChange({ ...folders, [task]: folder });
  };
  const reset = (task: OutputTask): void => props.onChange(Object.fromEntries(Object.entries(folders).filter(([key]) => key !== task)));
  return (
    <dl className="output-folders">
      {TASKS.map((task) => (
        <div key={task}>
          <dt>{t(`seals.outputs.${task}`)}</dt>
          <dd data-testid={`output-folder-${task}`}>
            <span className="file-path">{folders[task] ?? t('seals.outputs.beside')}</span>{' '}
            <button type="button" onClick={() => void change(task)}>
              {t('seals.outputs.change')}
            </button>
            {folders[task] !== undefined && (
              <button type="button" onClick={() => reset(task)}>
                {t('seals.outputs.reset')}
              </button>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
