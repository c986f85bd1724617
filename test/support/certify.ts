import type { TokenService } from '../../electron/services/token/index.ts';
import { signWithKey } from './software-signing.ts';

// SealDesk itself certifies with P=2 only; the other levels (ISO 32000-2 §12.8.2.2) come from other
// tools' documents, so tests certify with P=1 and P=3 through the same PDF code on the demo token.

/** Certifies `input` into `output` with DocMDP `permission`, signed by the demo token's personal certificate. */
export async function certify(tokens: TokenService, tokenSerial: string, input: string, output: string, permission: 1 | 3): Promise<void> {
  const signer = await tokens.signerFor(tokenSerial, '个人证书');
  await signWithKey(input, output, signer, {
    modification: { kind: 'certify', permission },
    fieldPrefix: 'Certification',
    signerName: '张三',
  });
}
