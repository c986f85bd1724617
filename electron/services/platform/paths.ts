import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where SealDesk keeps its data when no shell says otherwise (the desktop shell passes Electron's userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SEALDESK_HOME']) return env['SEALDESK_HOME'];
  if (process.platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'SealDesk');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'SealDesk');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'SealDesk');
}
