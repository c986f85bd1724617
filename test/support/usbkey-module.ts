import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp.ts';

const SOURCE = fileURLToPath(new URL('../fixtures/usbkey-module.c', import.meta.url));
const HEADERS = fileURLToPath(new URL('../../node_modules/pkcs11js/includes/pkcs11', import.meta.url));

/**
 * Builds the USBKey-like PKCS#11 module (retry counter, unplugging; see the .c file) over
 * `wrappedModule` and sets the environment it reads. Call at module scope: its directory lives until
 * the test file ends. `unplug()`/`plugIn()` pull the simulated key out and put it back.
 */
export interface UsbKeyModule {
  path: string;
  unplug(): void;
  plugIn(): void;
}

export function buildUsbKeyModule(wrappedModule: string, tries = 3): UsbKeyModule {
  const dir = tempDir('usbkey-module');
  const path = join(dir, 'libsealdesk-test-usbkey.so');
  const flag = join(dir, 'unplugged');
  execFileSync('cc', ['-shared', '-fPIC', '-O1', `-I${HEADERS}`, '-o', path, SOURCE, '-ldl']);
  process.env['SEALDESK_TEST_WRAPPED_MODULE'] = wrappedModule;
  process.env['SEALDESK_TEST_PIN_TRIES'] = String(tries);
  process.env['SEALDESK_TEST_UNPLUG_FLAG'] = flag;
  return { path, unplug: () => writeFileSync(flag, ''), plugIn: () => rmSync(flag, { force: true }) };
}
