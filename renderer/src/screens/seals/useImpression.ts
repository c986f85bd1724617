import { useApi } from '../../api/context.tsx';
import { useCall } from '../../useCall.ts';

export interface ImpressionView {
  src: string;
  widthMm: number;
  heightMm: number;
}

/** A seal's impression as an image URL with its true size; null when it has none, undefined while loading. */
export function useImpression(fingerprint: string | null, generation = 0): ImpressionView | null | undefined {
  const api = useApi();
  const image = useCall(
    async () => (fingerprint === null ? null : api.call('seals.impression', { fingerprint })),
    [api, fingerprint, generation],
  );
  const data = image.data;
  if (image.loading) return undefined;
  if (data === null) return null;
  const mime = data.format === 'png' ? 'image/png' : 'image/svg+xml';
  return { src: `data:${mime};base64,${data.base64}`, widthMm: data.widthMm, heightMm: data.heightMm };
}
