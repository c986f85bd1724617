import assert from 'node:assert/strict';
import type { SealOutcome } from '../../shared/api/index.ts';
import type { AuditRecord } from '../../shared/model/audit.ts';
import type { AuditIntegrity } from '../../shared/model/audit-integrity.ts';
import type { z } from 'zod';
import type { PlacementSchema } from '../../shared/model/seal.ts';
import { join } from 'node:path';
import { SealDeskApp, type AppOptions } from '../../electron/services/app/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import { AuditTrail, Ledger } from '../../electron/services/audit/index.ts';
import type { TokenService } from '../../electron/services/token/index.ts';
import { writeTestPdf } from './pdf.ts';

/** The ledger in `dataDir`, recording acts as the desktop shell does. */
export function auditTrailIn(dataDir: string, tokens: () => TokenService): AuditTrail {
  return new AuditTrail({ ledger: Ledger.in(dataDir), method: 'desktop', tokens });
}

/** The integrity of a ledger built in memory: no archives, never anchored, the clock steady. */
export const NO_ARCHIVES_OR_ANCHOR: AuditIntegrity = {
  archives: [],
  anchor: { confirmed: null, refused: null, source: 'stored' },
  clockBackwards: [],
};

export type SealName = '合同专用章' | '电子印章';

/**
 * A seal record as another computer's SealDesk wrote it (办公室 USBKey, approved by 李四), for ledgers made
 * up in tests and benches; `fields` changes what a test needs otherwise.
 */
export function sealRecord(time: Date, seal: SealName, document: string, fields: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: time.toISOString(),
    kind: 'seal',
    method: 'cli',
    token: { serial: '0000', label: '办公室 USBKey' },
    operator: '王五',
    subject: { kind: 'seal', name: seal, label: seal, fingerprintSha256: (seal === '电子印章' ? 'a' : 'b').repeat(64) },
    approver: '李四',
    document: { name: document, sha256: 'c'.repeat(64) },
    purpose: '合同签订',
    output: `/srv/${document}`,
    crossPage: false,
    final: false,
    ...fields,
  };
}

/** The app over the demo's SoftHSM2 token in `dataDir`, as `shell` runs it (not started). */
export function demoApp(dataDir: string, options: Pick<AppOptions, 'shell' | 'showFile'>): SealDeskApp {
  const settings = new JsonFileSettingsStore(join(dataDir, 'settings.json'));
  return new SealDeskApp({ dataDir, settings, moduleOverride: null, syncIntervalMs: 3_600_000, ...options });
}

/** Starts `app`, logs in to the demo token and opens the vault with `passphrase`; returns the token's serial. */
export async function startLoggedIn(app: SealDeskApp, passphrase: string): Promise<string> {
  await app.start();
  const demo = app.demo;
  assert.ok(demo);
  await app.handlers['tokens.login']({ serial: demo.tokenSerial, pin: demo.pin });
  await app.handlers['vault.unlock']({ passphrase });
  return demo.tokenSerial;
}

/** Every record `app`'s 审计 call reads, the chain intact (the vault must be open). */
export async function recordsInApp(app: SealDeskApp): Promise<AuditRecord[]> {
  const ledger = await app.handlers['audit.ledger']({});
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.chain.intact, true);
  return ledger.entries.map((e) => e.record);
}

/** A one-page PDF at `input`, approved (签发) through the app's handler by the demo's 个人证书; returns the approved file. */
export async function approveInApp(app: SealDeskApp, serial: string, input: string): Promise<string> {
  writeTestPdf(input, 1);
  const approved = await app.handlers['documents.approve']({
    serial,
    certificate: '个人证书',
    input,
    overwrite: false,
    visible: null,
    allowOverlap: false,
  });
  assert.equal(approved.error, null);
  return approved.output ?? '';
}

/** Approved documents sealed at once through the app's handler with the demo's 电子印章; every one must succeed. */
export async function sealInApp(
  app: SealDeskApp,
  serial: string,
  inputs: string[],
  options: { placement: z.infer<typeof PlacementSchema>; allowOverlap?: boolean; purpose?: string },
): Promise<SealOutcome[]> {
  const outcomes = await app.handlers['documents.seal']({
    serial,
    certificate: '电子印章',
    inputs,
    overwrite: false,
    crossPage: false,
    final: false,
    allowOverlap: false,
    ...options,
  });
  assert.deepEqual(
    outcomes.map((o) => o.error),
    inputs.map(() => null),
  );
  return outcomes;
}
