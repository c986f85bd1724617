import { addSignatureField, pageAt, PdfDocument, signPdf } from '../../electron/services/pdf/index.ts';
import { blankAppearance } from '../../electron/services/seal/appearance.ts';
import type { TokenService } from '../../electron/services/token/index.ts';

// SealDesk itself certifies with P=2 only; the other levels (ISO 32000-2 §12.8.2.2) come from other
// tools' documents, so tests certify with P=1 and P=3 through the same PDF code on the demo token.

/** Certifies `input` into `output` with DocMDP `permission`, signed by the demo token's personal certificate. */
export async function certify(tokens: TokenService, tokenSerial: string, input: string, output: string, permission: 1 | 3): Promise<void> {
  const signer = await tokens.signerFor(tokenSerial, '个人证书');
  const document = PdfDocument.open(input);
  try {
    await signPdf(document, {
      output,
      overwrite: false,
      signer,
      check: { digests: [], judge: () => Promise.resolve(null) },
      prepare: (update, contentsSize) =>
        addSignatureField(update, {
          fieldPrefix: 'Certification',
          widgets: [{ page: pageAt(document, 0), rect: [0, 0, 0, 0], appearance: blankAppearance(update) }],
          reason: 'test',
          signerName: '张三',
          signingTime: new Date(),
          contentsSize,
          modification: { kind: 'certify', permission },
          appVersion: 'test',
        }),
    });
  } finally {
    document.close();
  }
}
