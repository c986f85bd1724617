import { AppError } from '../../../shared/errors.ts';
import type { PdfDamage } from '../../../shared/model/pdf-damage.ts';
import type { PdfDocument } from './document.ts';
import { asArray, asDict, asNumber, isName, PdfRef, type PdfDict, type PdfValue } from './objects.ts';

const invalidTree = (detail: string): AppError => new AppError('PDF_PAGE_TREE_INVALID', { detail });

export interface PageInfo {
  index: number;
  ref: PdfRef;
  dict: PdfDict;
  /** The visible area in user space: [x1 y1 x2 y2]. */
  box: [number, number, number, number];
  rotate: number;
  /** How many points one unit of user space is (/UserUnit, PDF 1.6): 2 on a page drawn at half scale. */
  userUnit: number;
}

const MAX_DEPTH = 64;
const MAX_PAGES_INDEXED = 100_000;

export function pageCount(document: PdfDocument): number {
  const root = asDict(document.resolve(document.catalog.get('Pages')));
  if (root === undefined) throw invalidTree('no page tree');
  const count = asNumber(document.resolve(root.get('Count')));
  if (count === 0 || asArray(document.resolve(root.get('Kids')))?.length === 0) throw new AppError('PDF_NO_PAGES');
  if (count === undefined || !Number.isInteger(count) || count < 0) throw invalidTree('no page count');
  return count;
}

/** Walks down the page tree by /Count, reading only the nodes on the way to page `index`. */
export function pageAt(document: PdfDocument, index: number): PageInfo {
  const total = pageCount(document);
  if (!Number.isInteger(index) || index < 0 || index >= total)
    throw new AppError('PDF_PAGE_OUT_OF_RANGE', { page: index + 1, pages: total });
  let nodeRef = document.catalog.get('Pages');
  let remaining = index;
  const inherited = new Map<string, PdfValue>();
  const visited = new Set<number>();
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!(nodeRef instanceof PdfRef)) throw invalidTree('page tree node is not a reference');
    if (visited.has(nodeRef.num)) throw new AppError('PDF_REFERENCE_CYCLE', { object: nodeRef.num });
    visited.add(nodeRef.num);
    const node = asDict(document.resolve(nodeRef));
    if (node === undefined) throw invalidTree(`page tree node ${nodeRef.num} is not a dictionary`);
    inherit(document, node, inherited);
    if (isLeaf(node)) return pageInfo(index, nodeRef, node, inherited);
    nodeRef = childContaining(document, node, remaining, (skipped) => (remaining -= skipped));
  }
  throw invalidTree('page tree too deep');
}

/**
 * Every page in order, from one walk down the tree: what a 骑缝章 over all pages needs. Asking pageAt
 * for each would read the nodes above every page again, the root's whole /Kids array each time.
 */
export function allPages(document: PdfDocument): PageInfo[] {
  const total = pageCount(document);
  const { leaves, metTwice } = pageTree(document);
  if (leaves.length !== total && metTwice !== null) throw new AppError('PDF_REFERENCE_CYCLE', { object: metTwice });
  if (leaves.length !== total) throw invalidTree('page counts do not add up');
  return leaves.map((leaf, index) => {
    if (leaf.dict === undefined) throw invalidTree(`page ${leaf.ref.num} is not a dictionary`);
    return pageInfo(index, leaf.ref, leaf.dict, leaf.inherited);
  });
}

interface PageLeaf {
  ref: PdfRef;
  dict: PdfDict | undefined;
  inherited: ReadonlyMap<string, PdfValue>;
}

interface WalkedTree {
  leaves: readonly PageLeaf[];
  /** The first node met a second time: the tree loops back on itself (or shares a node, which is as wrong). */
  metTwice: number | null;
}

/** The page tree read once per open document: a seal's check and its 骑缝章 both walk every page. */
const walked = new WeakMap<PdfDocument, WalkedTree>();

/**
 * The leaves of the page tree in order, at most MAX_PAGES_INDEXED, with what each inherits. A node met
 * twice is skipped: it would be walked again for every path to it, exponential in a tree with a cycle.
 */
function pageTree(document: PdfDocument): WalkedTree {
  const known = walked.get(document);
  if (known !== undefined) return known;
  const leaves: PageLeaf[] = [];
  const visited = new Set<number>();
  let metTwice: number | null = null;
  const walk = (node: PdfValue | undefined, depth: number, above: ReadonlyMap<string, PdfValue>): void => {
    if (!(node instanceof PdfRef) || depth > MAX_DEPTH || leaves.length >= MAX_PAGES_INDEXED) return;
    if (visited.has(node.num)) {
      metTwice ??= node.num;
      return;
    }
    visited.add(node.num);
    const dict = asDict(document.resolve(node));
    const inherited = dict === undefined ? above : inherit(document, dict, new Map(above));
    const kids = dict === undefined || isLeaf(dict) ? undefined : asArray(document.resolve(dict.get('Kids')));
    if (kids === undefined) leaves.push({ ref: node, dict, inherited });
    else for (const kid of kids) walk(kid, depth + 1, inherited);
  };
  walk(document.catalog.get('Pages'), 0, new Map());
  const tree = { leaves, metTwice };
  walked.set(document, tree);
  return tree;
}

/** A page tree that leads back to a node already walked, named by that node; null when it does not. */
export function pageTreeCycle(document: PdfDocument): PdfDamage | null {
  const { metTwice } = pageTree(document);
  return metTwice === null ? null : { kind: 'page-tree-cycle', object: metTwice };
}

const INHERITABLE = ['MediaBox', 'CropBox', 'Rotate'];

/** A page tree node's own box and rotation replace what it inherits. */
function inherit(document: PdfDocument, node: PdfDict, inherited: Map<string, PdfValue>): Map<string, PdfValue> {
  for (const key of INHERITABLE) {
    const value = node.get(key);
    if (value !== undefined) inherited.set(key, document.resolve(value) ?? null);
  }
  return inherited;
}

function isLeaf(node: PdfDict): boolean {
  return isName(node.get('Type'), 'Page') || node.get('Kids') === undefined;
}

function childContaining(document: PdfDocument, node: PdfDict, remaining: number, skip: (n: number) => void): PdfValue | undefined {
  let left = remaining;
  for (const kid of asArray(document.resolve(node.get('Kids'))) ?? []) {
    const kidDict = asDict(document.resolve(kid));
    const count = kidDict === undefined || isLeaf(kidDict) ? 1 : (asNumber(kidDict.get('Count')) ?? 0);
    if (left < count) return kid;
    left -= count;
    skip(count);
  }
  throw invalidTree('page counts do not add up');
}

function pageInfo(index: number, ref: PdfRef, dict: PdfDict, inherited: ReadonlyMap<string, PdfValue>): PageInfo {
  const media = rectangle(inherited.get('MediaBox')) ?? [0, 0, 595.28, 841.89];
  const crop = rectangle(inherited.get('CropBox')) ?? media;
  // PDF allows only multiples of 90; anything else is read as the nearest one, as readers do.
  const rotate = (((Math.round((asNumber(inherited.get('Rotate')) ?? 0) / 90) * 90) % 360) + 360) % 360;
  const unit = asNumber(dict.get('UserUnit'));
  return { index, ref, dict, box: crop, rotate, userUnit: unit !== undefined && unit > 0 && Number.isFinite(unit) ? unit : 1 };
}

function rectangle(value: PdfValue | undefined): [number, number, number, number] | undefined {
  const numbers = (asArray(value) ?? []).map((v) => asNumber(v));
  if (numbers.length !== 4 || numbers.some((n) => n === undefined)) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = numbers as number[];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/** Every page's object number and its 0-based index, in page-tree order. */
export function pageIndexByRef(document: PdfDocument): Map<number, number> {
  return new Map(pageTree(document).leaves.map((leaf, index) => [leaf.ref.num, index]));
}
