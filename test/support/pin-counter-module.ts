import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp.ts';

const SOURCE = fileURLToPath(new URL('../fixtures/pin-counter-module.c', import.meta.url));
const HEADERS = fileURLToPath(new URL('../../node_modules/pkcs11js/includes/pkcs11', import.meta.url));

/**
 * Builds the retry-counting PKCS#11 module (see the .c file) over `wrappedModule` and sets the
 * environment it reads. Call at module scope: its directory lives until the test file ends.
 */
export function buildPinCounterModule(wrappedModule: string, tries = 3): string {
  const output = join(tempDir('pin-counter'), 'libsealdesk-test-pin-counter.so');
  execFileSync('cc', ['-shared', '-fPIC', '-O1', `-I${HEADERS}`, '-o', output, SOURCE, '-ldl']);
  process.env['SEALDESK_TEST_WRAPPED_MODULE'] = wrappedModule;
  process.env['SEALDESK_TEST_PIN_TRIES'] = String(tries);
  return output;
}
