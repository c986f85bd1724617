import type { Change, ChangeSubject } from '../../../shared/model/verification.ts';
import type { PdfDocument } from './document.ts';
import { dssObjectsAsOf } from './dss.ts';
import { classifyObjectChange, isPlumbing, type RevisionStep } from './object-change.ts';
import { asDict, asNumber, isName, PdfDict, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.ts';
import { pageOwners } from './page-owners.ts';
import { readQuietly } from './repair.ts';
import { formatValue } from './serialize.ts';
import type { XrefEntry } from './xref.ts';

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
    /** What this revision defines anew (with its value), and what it newly points to from the objects it redefines. */
    const added = new Map<number, PdfValue>();
    const reached = new Set<number>(newReferences(trailerTargets(previous.trailer), trailerTargets(section.trailer)));
    for (const [num, entry] of section.entries) {
      if (num === 0) continue;
      const ref = new PdfRef(num, entry.kind === 'offset' ? entry.gen : 0);
      const before = document.resolveAsOf(ref, index + 1);
      const after = entry.kind === 'free' ? null : document.resolveAsOf(ref, index);
      if (before === undefined || before === null) {
        if (after !== null && after !== undefined && !isPlumbing(after)) added.set(num, after);
        const change = addedInNumberedSlot(num, after, previousSize);
        if (change !== undefined) changes.push(change);
        continue;
      }
      for (const num of newReferences(before, after ?? null)) reached.add(num);
      const change = generationChanged(document, num, entry, index + 1) ?? classifyObjectChange(step, num, before, after);
      if (change !== undefined) changes.push(change);
    }
    changes.push(...unreachedAdditions(document, index, added, reached, previousSize));
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

/**
 * An object redefined under another generation: a reference the earlier revision made (`N 0 R`) no longer
 * finds it in readers that honour generations, while others read the new one, so the document shows what it did not.
 */
function generationChanged(document: PdfDocument, num: number, entry: XrefEntry, previousIndex: number): Change | undefined {
  const earlier = document.sections
    .slice(previousIndex)
    .map((section) => section.entries.get(num))
    .find((found) => found !== undefined);
  const generation = (e: XrefEntry | undefined): number => (e?.kind === 'offset' ? e.gen : 0);
  if (earlier === undefined || entry.kind === 'free' || generation(earlier) === generation(entry)) return undefined;
  return { kind: 'modified', object: num, what: 'object-deleted', pageIndex: null };
}

/**
 * A new object that nothing this revision wrote points to, yet the document reaches, is reached through a
 * reference the signed revision already made to a number it had not defined yet: a page's annotation or
 * XObject filled in afterwards. Objects past the old /Size that only this revision's own objects reach (a
 * seal's widget and appearance) are theirs. One nothing reaches shows nowhere, yet is a change all the same
 * (pdfsig: "not total document signed"), which only the certification level decides; those below the old
 * /Size are reported by addedInNumberedSlot.
 */
function unreachedAdditions(
  document: PdfDocument,
  sectionIndex: number,
  added: ReadonlyMap<number, PdfValue>,
  reached: Set<number>,
  previousSize: number,
): Change[] {
  const pending = [...reached].filter((num) => added.has(num));
  for (let num = pending.pop(); num !== undefined; num = pending.pop()) {
    const found = new Set<number>();
    collectReferences(added.get(num) ?? null, found);
    for (const next of found) {
      if (added.has(next) && !reached.has(next)) pending.push(next);
      reached.add(next);
    }
  }
  const unreached = new Set([...added.keys()].filter((num) => !reached.has(num) && num >= previousSize));
  if (unreached.size === 0) return [];
  const referenced = referencedFromDocument(document, sectionIndex, unreached);
  return [...unreached].map((num) =>
    referenced.has(num)
      ? { kind: 'modified', object: num, what: 'object-added', pageIndex: null }
      : { kind: 'unreferenced-added', object: num, what: 'object-unreferenced', pageIndex: null },
  );
}

/**
 * Which of `wanted` the document as of a revision refers to anywhere, walking from its trailer. Only an update
 * that adds objects nothing new points to pays for the walk, and it stops once all are found.
 */
function referencedFromDocument(document: PdfDocument, sectionIndex: number, wanted: ReadonlySet<number>): Set<number> {
  const found = new Set<number>();
  const seen = new Set<number>();
  const pending: number[] = [];
  const visit = (value: PdfValue): void => {
    const refs = new Set<number>();
    collectReferences(value, refs);
    for (const num of refs) {
      if (wanted.has(num)) found.add(num);
      if (!seen.has(num)) {
        seen.add(num);
        pending.push(num);
      }
    }
  };
  visit(trailerTargets(document.sections[sectionIndex]?.trailer ?? new PdfDict()));
  for (let num = pending.pop(); num !== undefined && found.size < wanted.size; num = pending.pop()) {
    // A reference to a number nobody defines, or to an object that does not parse, leads nowhere further.
    const value = readQuietly(() => document.resolveAsOf(new PdfRef(num, 0), sectionIndex));
    if (value !== undefined && value !== null && !wanted.has(num)) visit(value);
  }
  return found;
}

/** The trailer's catalog and information dictionary: a new one is reported as swapped, not again object by object. */
function trailerTargets(trailer: PdfDict): PdfValue[] {
  return [trailer.get('Root') ?? null, trailer.get('Info') ?? null];
}

/**
 * The references `after` makes that `before` did not. One both make, to a number not defined before,
 * is a reference the signed revision left dangling: filling it in is not this revision's own addition.
 */
function newReferences(before: PdfValue, after: PdfValue): number[] {
  const [old, now] = [new Set<number>(), new Set<number>()];
  collectReferences(before, old);
  collectReferences(after, now);
  return [...now].filter((num) => !old.has(num));
}

/** Every object number `value` refers to directly (not through other objects). */
function collectReferences(value: PdfValue, into: Set<number>): void {
  if (value instanceof PdfRef) into.add(value.num);
  else if (Array.isArray(value)) for (const item of value) collectReferences(item, into);
  else if (value instanceof PdfDict) for (const item of value.entries.values()) collectReferences(item, into);
  else if (value instanceof PdfStream) collectReferences(value.dict, into);
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
    if (value !== undefined && isName(value.get('FT'), 'Sig') && value.get('V') !== undefined && title instanceof PdfString)
      names.add(title.toText());
  }
  return names;
}
