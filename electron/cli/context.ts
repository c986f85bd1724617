import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { Token } from '../../shared/model/token.ts';
import { readDemoEnvironment } from '../services/demo/environment.ts';
import { defaultDataDir } from '../services/platform/index.ts';
import { blockList, JsonFileSettingsStore, settingsPinHistory } from '../services/settings/index.ts';
import { TokenService } from '../services/token/index.ts';

export interface CommonOptions {
  module?: string | undefined;
  token?: string | undefined;
}

/** The app's own settings file: the CLI reads and writes what the app does. */
export function cliSettings(env: NodeJS.ProcessEnv = process.env): { store: JsonFileSettingsStore; dataDir: string } {
  const dataDir = defaultDataDir(env);
  return { store: new JsonFileSettingsStore(join(dataDir, 'settings.json')), dataDir };
}

/**
 * --module, then SEALDESK_PKCS11_MODULE, then the app's saved setting, then the app's own demo
 * environment: the CLI sees what the desktop app would see.
 */
export function resolveModule(options: CommonOptions, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = options.module ?? env['SEALDESK_PKCS11_MODULE'];
  if (explicit) return explicit;
  const { store, dataDir } = cliSettings(env);
  const saved = store.read().pkcs11Module;
  if (saved !== null) return saved;
  const demo = readDemoEnvironment(join(dataDir, 'demo'));
  if (demo === null) throw new AppError('MODULE_NOT_CONFIGURED');
  process.env['SOFTHSM2_CONF'] ??= demo.softhsmConf;
  return demo.modulePath;
}

/**
 * The app's settings apply here too: PIN changes count for its rotation reminder, and a certificate
 * reported leaked signs nothing from the command line either.
 */
export async function withTokens<T>(options: CommonOptions, work: (tokens: TokenService) => Promise<T>): Promise<T> {
  const settings = cliSettings().store;
  const tokens = await TokenService.open(resolveModule(options), {
    pinHistory: settingsPinHistory(settings),
    isBlocked: blockList(settings).has,
    thread: 'caller',
  });
  try {
    return await work(tokens);
  } finally {
    await tokens.close();
  }
}

/** The tokens --token / SEALDESK_TOKEN names by label or serial; all of them when neither is given. */
export function matchingTokens(tokens: readonly Token[], selector: string | undefined): readonly Token[] {
  const wanted = selector ?? process.env['SEALDESK_TOKEN'];
  return wanted === undefined ? tokens : tokens.filter((t) => t.label === wanted || t.serial === wanted);
}

/** The one token --token / SEALDESK_TOKEN names; without one, the only token present. */
export function pickToken(tokens: readonly Token[], selector: string | undefined): Token {
  const wanted = selector ?? process.env['SEALDESK_TOKEN'];
  const matches = matchingTokens(tokens, selector);
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return only;
  throw new AppError('TOKEN_NOT_FOUND', { selector: wanted ?? null, present: tokens.map((t) => t.label).join(', ') });
}
