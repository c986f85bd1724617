import type { SealOutcome } from '../../../../shared/api/index.ts';
import type { ApiClient } from '../../api/client.ts';

export interface SealingRequest {
  action: 'approve' | 'seal';
  serial: string;
  /** The seal certificate to seal with, or the personal certificate that approves. */
  certificate: string;
  inputs: readonly string[];
  /** null on a PIN-pad reader: the holder types it on the device. */
  pin: string | null;
  page: number | 'last';
  xMm: number;
  yMm: number;
  widthMm: number;
  crossPage: boolean;
  final: boolean;
  /** An empty signature field to sign into instead of the position. */
  field: string | null;
  /** The user confirmed covering signatures already on the page. */
  allowOverlap: boolean;
  /** The user confirmed replacing outputs whose names were taken. */
  overwrite: boolean;
  /** The folder chosen for this step's outputs; null puts each beside its input. */
  outDir: string | null;
}

/**
 * One login for the whole batch, then approve with the personal certificate or seal with the seal's.
 * Sealing reports its progress as an event; approving goes file by file from here, so `onFileDone` says.
 */
export async function runSealing(api: ApiClient, request: SealingRequest, onFileDone: (done: number) => void): Promise<SealOutcome[]> {
  const { serial, certificate, inputs } = request;
  await api.call('tokens.login', { serial, pin: request.pin });
  const where = { page: request.page, xMm: request.xMm, yMm: request.yMm };
  const into = {
    allowOverlap: request.allowOverlap,
    overwrite: request.overwrite,
    ...(request.field === null ? {} : { field: request.field }),
    ...(request.outDir === null ? {} : { outDir: request.outDir }),
  };
  if (request.action === 'seal') {
    return api.call('documents.seal', {
      serial,
      certificate,
      inputs: [...inputs],
      placement: { ...where, widthMm: request.widthMm },
      crossPage: request.crossPage,
      final: request.final,
      ...into,
    });
  }
  const results: SealOutcome[] = [];
  for (const input of inputs) {
    results.push(await api.call('documents.approve', { serial, certificate, input, visible: where, ...into }));
    onFileDone(results.length);
  }
  return results;
}
