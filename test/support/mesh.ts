// The issue-25 mesh: cross-signed CAs that share names and keys and never reach a root, as a PDF could
// carry them to stall path building.
import { certificate, party, SIGNING, type Party } from './chains.ts';

export interface Mesh {
  leaf: Uint8Array;
  intermediates: Uint8Array[];
  roots: Uint8Array[];
}

/**
 * `layers` × `width` CA certificates: every certificate of a layer has that layer's name and key and is
 * signed by the next layer's key, so each has `width` issuers that verify; the top layer's issuer has no
 * certificate. The trusted root is unrelated.
 */
export async function crossSignedMesh(layers = 15, width = 15): Promise<Mesh> {
  const parties = await Promise.all(Array.from({ length: layers + 1 }, (_, i) => party(`CN=交叉 CA ${i}`)));
  const root = await party('CN=无关根 CA');
  const layerOf = (i: number) => Array.from({ length: width }, () => certificate(parties[i] as Party, { issuer: parties[i + 1] as Party }));
  const intermediates = await Promise.all(Array.from({ length: layers }, (_, i) => layerOf(i)).flat());
  const leaf = await certificate(await party('CN=张三'), {
    issuer: parties[0] as Party,
    basicConstraints: { ca: false },
    keyUsage: SIGNING,
  });
  return { leaf, intermediates, roots: [await certificate(root)] };
}
