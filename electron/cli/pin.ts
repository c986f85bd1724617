import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../../shared/errors.ts';

/**
 * The PIN comes from SEALDESK_PIN or an echo-free prompt on the terminal, never from an argument,
 * where it would show in the process list and shell history.
 */
export function readPin(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return readSecret('SEALDESK_PIN', prompt, new AppError('PIN_REQUIRED', {}), env);
}

/** The local store's passphrase, the same way: SEALDESK_PASSPHRASE or a prompt. */
export function readPassphrase(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return readSecret('SEALDESK_PASSPHRASE', prompt, new AppError('VAULT_LOCKED'), env);
}

/** The IT administrator's SO PIN: SEALDESK_SO_PIN or a prompt. */
export function readSoPin(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return readSecret('SEALDESK_SO_PIN', prompt, new AppError('PIN_REQUIRED', {}), env);
}

/** A new PIN: SEALDESK_NEW_PIN, or typed twice at the prompt so a slip of the finger cannot lock the holder out. */
export async function readNewPin(prompt: string, again: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env['SEALDESK_NEW_PIN'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const first = await readSecret('SEALDESK_NEW_PIN', prompt, new AppError('PIN_REQUIRED', {}), env);
  const second = await readSecret('SEALDESK_NEW_PIN', again, new AppError('PIN_REQUIRED', {}), env);
  if (first !== second) throw new AppError('PIN_CONFIRMATION_MISMATCH');
  return first;
}

async function readSecret(variable: string, prompt: string, missing: AppError, env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw missing;
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const pin = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return pin;
}
