import { addSignatureField, pageAt, PdfDocument, signPdf, type LongTermEvidence } from '../../electron/services/pdf/index.ts';
import { blankAppearance } from '../../electron/services/seal/appearance.ts';
import type { Signer } from '../../electron/services/token/index.ts';

export interface SigningChoices {
  chain?: readonly Uint8Array[];
  evidence?: LongTermEvidence;
  /** A certification (DocMDP) instead of an ordinary signature. */
  modification?: Parameters<typeof addSignatureField>[1]['modification'];
  fieldPrefix?: string;
  signerName?: string;
}

/**
 * `input` signed into `output` by `signer` (a key this process holds, or a token's) through SealDesk's own
 * PDF signing: one invisible signature field, the issuers in `chain`, and `evidence` (time-stamp, DSS) when given.
 */
export async function signWithKey(input: string, output: string, signer: Signer, choices: SigningChoices = {}): Promise<string> {
  const { chain = [], evidence, modification = { kind: 'none' }, fieldPrefix = 'Signature', signerName = 'test' } = choices;
  const document = PdfDocument.open(input);
  try {
    await signPdf(document, {
      output,
      overwrite: false,
      signer,
      chain,
      evidence,
      check: { digests: [], judge: () => Promise.resolve(null) },
      prepare: (update, contentsSize) =>
        addSignatureField(update, {
          fieldPrefix,
          widgets: [{ page: pageAt(document, 0), rect: [0, 0, 0, 0], appearance: blankAppearance(update) }],
          reason: 'test',
          signerName,
          signingTime: new Date(),
          contentsSize,
          modification,
          appVersion: 'test',
        }),
    });
  } finally {
    document.close();
  }
  return output;
}
