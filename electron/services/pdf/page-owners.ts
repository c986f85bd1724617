import type { PdfDocument } from './document.ts';
import { asArray, asDict, PdfRef, type PdfValue } from './objects.ts';
import { pageIndexByRef } from './pages.ts';

const RESOURCE_KINDS = ['XObject', 'Font', 'ExtGState', 'Pattern', 'Shading', 'ColorSpace', 'Properties'];

/**
 * The page each object shows on, so a change can name its page: the page itself, its content streams,
 * its annotations, its resources and the XObjects and fonts they name. An object shared by several
 * pages is named for the first.
 */
export function pageOwners(document: PdfDocument): Map<number, number> {
  const owners = new Map<number, number>();
  const claim = (value: PdfValue | undefined, index: number): void => {
    if (value instanceof PdfRef && !owners.has(value.num)) owners.set(value.num, index);
  };
  const claimAll = (value: PdfValue | undefined, index: number): void => {
    claim(value, index);
    for (const item of asArray(document.resolve(value)) ?? []) claim(item, index);
  };
  for (const [pageNum, index] of pageIndexByRef(document)) {
    const pageRef = new PdfRef(pageNum, 0);
    claim(pageRef, index);
    const page = asDict(document.resolve(pageRef));
    if (page === undefined) continue;
    claimAll(page.get('Contents'), index);
    claimAll(page.get('Annots'), index);
    claim(page.get('Resources'), index);
    const resources = asDict(document.resolve(page.get('Resources')));
    for (const kind of RESOURCE_KINDS) {
      claim(resources?.get(kind), index);
      for (const value of asDict(document.resolve(resources?.get(kind)))?.entries.values() ?? []) claim(value, index);
    }
  }
  return owners;
}
