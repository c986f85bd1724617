import type { Change, ChangeSubject } from '../../../shared/model/verification.ts';
import type { PdfDocument } from './document.ts';
import { dssObjectsAsOf } from './dss.ts';
import { classifyObjectChange, type RevisionStep } from './object-change.ts';
import { asDict, asNumber, isName, PdfRef, PdfString, type PdfDict, type PdfValue } from './objects.ts';
import { pageOwners } from './page-owners.ts';
import { formatValue } from './serialize.ts';

/**
 * Every change made by the revisions that start at or after `signedEnd` (the end of a signed revision),
 * each against the revision just before it: the objects it redefines or frees, the objects it adds in
 * slots the earlier revision had numbered (an earlier reference could already point there), and a
 * trailer that swaps the catalog or the document information. Page numbers are named for changes that
 * are not signatures.
 */
export function changesAfter(document: PdfDocument, signedEnd: number): Change[] {
  const changes: Change[] = [];
  document.sections.forEach((section, index) => {
    const previous = document.sections[index + 1];
    if (section.offset < signedEnd || previous === undefined) return;
    const step: RevisionStep = {
      document,
      previousIndex: index + 1,
      catalogNum: refNum(previous.trailer.get('Root')),
      infoNum: refNum(previous.trailer.get('Info')),
      signedHere: signatureFieldsAddedIn(document, section.entries.keys(), index),
      dssObjects: dssObjectsAsOf(document, previous.trailer.get('Root'), index + 1),
    };
    changes.push(...trailerChanges(previous.trailer, section.trailer));
    const previousSize = asNumber(previous.trailer.get('Size')) ?? 0;
    for (const [num, entry] of section.entries) {
      if (num === 0) continue;
      const ref = new PdfRef(num, entry.kind === 'offset' ? entry.gen : 0);
      const before = document.resolveAsOf(ref, index + 1);
      const after = entry.kind === 'free' ? null : document.resolveAsOf(ref, index);
      const change =
        before === undefined || before === null
          ? addedInNumberedSlot(num, after, previousSize)
          : classifyObjectChange(step, num, before, after);
      if (change !== undefined) changes.push(change);
    }
  });
  return withPages(document, changes);
}

function trailerChanges(before: PdfDict, after: PdfDict): Change[] {
  const swapped = (key: string, what: ChangeSubject): Change[] =>
    formatValue(before.get(key) ?? null) === formatValue(after.get(key) ?? null)
      ? []
      : [{ kind: 'modified', object: refNum(after.get(key)) ?? 0, what, pageIndex: null }];
  return [...swapped('Root', 'catalog-replaced'), ...swapped('Info', 'document-info')];
}

/** New objects get numbers past the old /Size; one put below it may fill a reference the signed revision already made. */
function addedInNumberedSlot(num: number, after: PdfValue | undefined, previousSize: number): Change | undefined {
  if (num >= previousSize || after === null || after === undefined) return undefined;
  return { kind: 'modified', object: num, what: 'object-added', pageIndex: null };
}

/** Names the page of each change that is not a signature; the page tree is walked only when one needs it. */
function withPages(document: PdfDocument, changes: Change[]): Change[] {
  const needPage = (change: Change): boolean => change.kind !== 'signature-added' && change.kind !== 'validation-data-added';
  if (!changes.some(needPage)) return changes;
  const owners = pageOwners(document);
  return changes.map((change) => (needPage(change) ? { ...change, pageIndex: owners.get(change.object) ?? null } : change));
}

function refNum(value: PdfValue | undefined): number | null {
  return value instanceof PdfRef ? value.num : null;
}

function signatureFieldsAddedIn(document: PdfDocument, nums: Iterable<number>, sectionIndex: number): Set<string> {
  const names = new Set<string>();
  for (const num of nums) {
    const value = asDict(document.resolveAsOf(new PdfRef(num, 0), sectionIndex) ?? undefined);
    const title = value?.get('T');
    if (value !== undefined && isName(value.get('FT'), 'Sig') && title instanceof PdfString) names.add(title.toText());
  }
  return names;
}
