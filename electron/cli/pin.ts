import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../../shared/errors.ts';

/**
 * The PIN comes from SEALDESK_PIN or an echo-free prompt on the terminal, never from an argument,
 * where it would show in the process list and shell history.
 */
export async function readPin(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env['SEALDESK_PIN'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new AppError('PIN_REQUIRED', {});
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const pin = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return pin;
}
