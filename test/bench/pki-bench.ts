// npm run bench (third part): path validation. The x509-limbo run's total and slowest case, the
// issue-25 mesh of 225 cross-signed CAs (answered by the work budget), and the demo chain warm.
import { webcrypto } from 'node:crypto';
import { createDemoCa, DEMO_CA_NAME, issueLeaf } from '../../electron/services/demo/index.ts';
import { evaluateTrust } from '../../electron/services/pki/index.ts';
import { loadLimbo, runLimboCase, skipReason } from '../support/limbo.ts';
import { crossSignedMesh } from '../support/mesh.ts';
import { row } from './measure.ts';

const WARM_RUNS = 200;

function timedMs<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

const run = loadLimbo().filter((limboCase) => skipReason(limboCase) === null);
const limbo = timedMs(() => run.map(runLimboCase));
const right = limbo.value.filter((outcome) => outcome.actual === outcome.expected).length;
const slowest = limbo.value.reduce((a, b) => (b.milliseconds > a.milliseconds ? b : a));

const mesh = await crossSignedMesh();
const meshRun = timedMs(() => evaluateTrust(mesh.leaf, mesh.intermediates, mesh.roots, new Date(), { purpose: 'signing' }));

const ca = await createDemoCa(DEMO_CA_NAME);
const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
const seal = new Uint8Array((await issueLeaf(ca, spki, { kind: 'seal', subject: 'CN=电子印章', validDays: 30 })).rawData);
const caDer = new Uint8Array(ca.certificate.rawData);
const at = new Date(Date.now() + 1000);
evaluateTrust(seal, [], [caDer], at, { purpose: 'signing' });
const warm = timedMs(() => {
  for (let i = 0; i < WARM_RUNS; i++) evaluateTrust(seal, [], [caDer], at, { purpose: 'signing' });
});

row(['path validation', 'time', 'answer']);
row(['x509-limbo', `${limbo.ms.toFixed(0)} ms`, `${right}/${run.length} right`]);
row(['slowest limbo case', `${slowest.milliseconds.toFixed(0)} ms`, slowest.id]);
row(['225-CA mesh', `${meshRun.ms.toFixed(0)} ms`, meshRun.value.failure?.problem ?? meshRun.value.status]);
row(['demo chain, warm', `${(warm.ms / WARM_RUNS).toFixed(2)} ms`, 'trusted']);
