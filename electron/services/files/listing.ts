import { existsSync, readdirSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { AppError, fileSystemError } from '../../../shared/errors.ts';
import type { FolderEntry, FolderListing, Places } from '../../../shared/model/files.ts';

export interface ListOptions {
  /** Lower-case extensions without the dot; files with others are left out (folders always show). */
  extensions?: readonly string[] | undefined;
}

/**
 * A folder as the web shell's file dialog shows it. An entry that vanishes or cannot be read while
 * listing is left out rather than failing the whole folder; a folder that cannot be opened is said.
 */
export function listFolder(folder: string, options: ListOptions = {}): FolderListing {
  const path = resolve(folder);
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) throw new AppError('FILE_NOT_FOUND', { path });
    names = readdirSync(path);
  } catch (error) {
    throw fileSystemError(error, path) ?? error;
  }
  const wanted = options.extensions?.map((e) => `.${e.toLowerCase()}`);
  const entries = names.flatMap((name): FolderEntry[] => {
    if (name.startsWith('.')) return [];
    const entry = statOrNull(join(path, name));
    if (entry === null || !(entry.isDirectory() || entry.isFile())) return [];
    const kind = entry.isDirectory() ? 'folder' : 'file';
    if (kind === 'file' && wanted !== undefined && !wanted.includes(extname(name).toLowerCase())) return [];
    return [{ name, path: join(path, name), kind, size: kind === 'file' ? entry.size : 0, modified: entry.mtime.toISOString() }];
  });
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'zh-CN') : a.kind === 'folder' ? -1 : 1));
  const parent = dirname(path);
  return { path, parent: parent === path ? null : parent, entries };
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The usual folders under the home folder (as they are named on Linux, macOS and Windows alike) that exist. */
const USUAL_FOLDERS = [
  ['desktop', 'Desktop'],
  ['documents', 'Documents'],
  ['downloads', 'Downloads'],
] as const;

/** Where the dialog offers to start; `recent` are the folders used lately that still exist. */
export function places(recent: readonly string[], inbox: string | null, home = homedir()): Places {
  const usual = USUAL_FOLDERS.filter(([, name]) => existsSync(join(home, name))).map(([kind, name]) => ({ kind, path: join(home, name) }));
  return {
    home,
    places: [{ kind: 'home' as const, path: home }, ...usual, ...(inbox === null ? [] : [{ kind: 'inbox' as const, path: inbox }])],
    recent: recent.filter((folder) => existsSync(folder)),
  };
}
