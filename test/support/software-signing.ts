import { addSignatureField, pageAt, PdfDocument, signPdf, type LongTermEvidence } from '../../electron/services/pdf/index.ts';
import { blankAppearance } from '../../electron/services/seal/appearance.ts';
import type { Signer } from '../../electron/services/token/index.ts';

/**
 * `input` signed into `output` by a key this process holds (no token), through SealDesk's own PDF signing:
 * one invisible signature field, the issuers in `chain`, and `evidence` (time-stamp, DSS) when given.
 */
export async function signWithKey(
  input: string,
  output: string,
  signer: Signer,
  { chain = [], evidence }: { chain?: readonly Uint8Array[]; evidence?: LongTermEvidence } = {},
): Promise<string> {
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
          fieldPrefix: 'Signature',
          widgets: [{ page: pageAt(document, 0), rect: [0, 0, 0, 0], appearance: blankAppearance(update) }],
          reason: 'test',
          signerName: 'test',
          signingTime: new Date(),
          contentsSize,
          modification: { kind: 'none' },
          appVersion: 'test',
        }),
    });
  } finally {
    document.close();
  }
  return output;
}
