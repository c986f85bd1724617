import type { SealOutcome } from '../../../../shared/api/index.ts';
import type { SealInfo } from '../../../../shared/model/seal.ts';
import type { ApiClient } from '../../api/client.ts';

export interface SealingRequest {
  action: 'approve' | 'seal';
  seal: SealInfo;
  inputs: string[];
  pin: string;
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
}

/** One login for the whole batch, then approve with the personal certificate or seal with the seal's. */
export async function runSealing(api: ApiClient, request: SealingRequest): Promise<SealOutcome[]> {
  const { seal, inputs } = request;
  await api.call('tokens.login', { serial: seal.tokenSerial, pin: request.pin });
  const where = { page: request.page, xMm: request.xMm, yMm: request.yMm };
  const into = { allowOverlap: request.allowOverlap, ...(request.field === null ? {} : { field: request.field }) };
  if (request.action === 'seal') {
    return api.call('documents.seal', {
      serial: seal.tokenSerial,
      certificate: seal.certificate.fingerprintSha256,
      inputs,
      overwrite: false,
      placement: { ...where, widthMm: request.widthMm },
      crossPage: request.crossPage,
      final: request.final,
      ...into,
    });
  }
  const { certificates } = await api.call('tokens.certificates', { serial: seal.tokenSerial });
  const personal = certificates.find((c) => c.kind === 'personal' && c.hasPrivateKey);
  const results: SealOutcome[] = [];
  for (const input of inputs) {
    results.push(
      await api.call('documents.approve', {
        serial: seal.tokenSerial,
        certificate: personal?.fingerprintSha256 ?? '',
        input,
        overwrite: false,
        visible: where,
        ...into,
      }),
    );
  }
  return results;
}
