import { AppError } from '../../../shared/errors.ts';
import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import { damageParams } from '../../../shared/model/pdf-damage.ts';
import { APPROVAL_BOX_MM } from '../../../shared/model/seal.ts';
import type { DocumentReport } from '../../../shared/model/verification.ts';
import {
  addSignatureField,
  allPages,
  emptySignatureFields,
  pageAt,
  pageCount,
  PdfDocument,
  signIntoField,
  signPdf,
  type EmptySignatureField,
  type PageInfo,
  type LongTermEvidence,
  type SignPdfResult,
  type WidgetPlacement,
  type IncrementalUpdate,
} from '../pdf/index.ts';
import type { Signer } from '../token/index.ts';
import { APP_VERSION } from '../app/version.ts';
import { blankAppearance, fittedAppearance, impressionForm, sliceAppearance, textAppearance } from './appearance.ts';
import { isAuthorisedApprover } from './approvers.ts';
import type { LoadedImpression } from './impressions.ts';
import { assertNothingCovered } from './layout.ts';
import { boxFor, boxOfRect, crossPageSlices, displayedRect, type Placement, type WidgetBox } from './placement.ts';
import { documentCheck, type VerificationPolicy } from './verify.ts';

interface Common {
  input: string;
  output: string;
  overwrite: boolean;
  signer: Signer;
  /** Issuer certificates to embed after the signer's. */
  chain: readonly Uint8Array[];
  signerDetails: CertificateDetails;
  policy: VerificationPolicy;
  evidence?: LongTermEvidence | undefined;
  /** An empty signature field of the document to sign into, instead of a new box at a placement. */
  field?: string | undefined;
  /** The user chose to put the new box over a signature already on the page. */
  allowOverlap?: boolean | undefined;
  onProgress?(fraction: number): void;
}

export interface ApproveRequest extends Common {
  /** Null: an invisible approval signature. */
  visible: Placement | null;
}

export interface SealRequest extends Common {
  impression: LoadedImpression;
  placement: Placement;
  crossPage: boolean;
  final: boolean;
}

export interface OperationResult extends SignPdfResult {
  approvedBy: string | null;
}

/** 签发: the approver signs first; the first signature certifies the document, allowing only signatures after it. */
export async function approveDocument(request: ApproveRequest): Promise<OperationResult> {
  if (!isAuthorisedApprover(request.signerDetails, request.policy.approvers)) {
    throw new AppError('APPROVER_NOT_AUTHORISED', { name: request.signerDetails.subject.commonName ?? request.signerDetails.subject.text });
  }
  const signerName = request.signerDetails.subject.commonName ?? '';
  const time = new Date();
  const { result } = await signChecked(
    request,
    (report) => report,
    (document, update, contentsSize, before) => {
      const lines = [`签发：${signerName}`, formatLocal(time)];
      const signature = {
        reason: '签发',
        signerName,
        signingTime: time,
        contentsSize,
        modification: before.signatures.length === 0 ? ({ kind: 'certify', permission: 2 } as const) : ({ kind: 'none' } as const),
        appVersion: APP_VERSION,
      };
      if (request.field !== undefined) {
        signIntoField(update, { ...signature, ...intoField(document, request.field, (box) => textAppearance(update, lines, box)) });
        return;
      }
      const page = pageAt(document, pageIndex(document, request.visible?.page ?? 1));
      let widget: WidgetPlacement;
      if (request.visible === null) widget = { page, rect: [0, 0, 0, 0], appearance: blankAppearance(update) };
      else {
        const box = boxFor(page, request.visible, APPROVAL_BOX_MM.width, APPROVAL_BOX_MM.height);
        widget = { page, rect: box.rect, appearance: textAppearance(update, lines, box) };
        assertClear(document, before, [widget], request.allowOverlap);
      }
      addSignatureField(update, { ...signature, fieldPrefix: 'Approval', widgets: [widget] });
    },
  );
  return { ...result, approvedBy: signerName };
}

/** 盖章: only on an approved, unlocked, intact document; the final seal locks it. */
export async function sealDocument(request: SealRequest): Promise<OperationResult> {
  const time = new Date();
  const approved = (report: DocumentReport) => ({ report, approvedBy: requireApproval(report) });
  const { result, checked } = await signChecked(request, approved, (document, update, contentsSize, { report }) => {
    const impression = impressionForm(update, request.impression);
    const signature = {
      reason: '盖章',
      signerName: request.signerDetails.subject.commonName ?? '',
      signingTime: time,
      contentsSize,
      modification: request.final ? ({ kind: 'lock' } as const) : ({ kind: 'none' } as const),
      appVersion: APP_VERSION,
    };
    if (request.field !== undefined) {
      if (request.crossPage) throw new AppError('BAD_REQUEST', { detail: 'a cross-page seal cannot go into one field' });
      signIntoField(update, { ...signature, ...intoField(document, request.field, (box) => fittedAppearance(update, impression, box)) });
      return;
    }
    const widthMm = request.placement.widthMm ?? request.impression.widthMm;
    const heightMm = (widthMm * request.impression.heightMm) / request.impression.widthMm;
    const widgets = request.crossPage
      ? crossPageWidgets(document, request.placement.yMm, widthMm, heightMm, (box, offsetFraction, fullWidthPt) =>
          sliceAppearance(update, impression, { ...box, fullWidthPt, offsetFraction }),
        )
      : [
          singleWidget(document, request.placement, widthMm, heightMm, (box) =>
            sliceAppearance(update, impression, { ...box, fullWidthPt: box.widthPt, offsetFraction: 0 }),
          ),
        ];
    const [first, ...rest] = widgets;
    if (first === undefined) throw new AppError('INTERNAL', { detail: 'no widget' });
    assertClear(document, report, widgets, request.allowOverlap);
    addSignatureField(update, { ...signature, fieldPrefix: 'Seal', widgets: [first, ...rest] });
  });
  return { ...result, approvedBy: checked.approvedBy };
}

/**
 * Signs once the document passes: not locked, every earlier signature intact, and whatever `require`
 * adds. The verification digests come from the signing pass, so the file is read once.
 */
async function signChecked<T>(
  request: Common,
  require: (report: DocumentReport) => T,
  prepare: (document: PdfDocument, update: IncrementalUpdate, contentsSize: number, checked: T) => void,
): Promise<{ result: SignPdfResult; checked: T }> {
  const document = PdfDocument.open(request.input);
  try {
    const check = documentCheck(document, request.policy);
    const { checked, ...result } = await signPdf(document, {
      ...request,
      check: { digests: check.digests, judge: async (digests) => require(assertSignable(await check.report(digests))) },
      prepare: (update, contentsSize, checked) => prepare(document, update, contentsSize, checked),
    });
    return { result, checked };
  } finally {
    document.close();
  }
}

function assertSignable(report: DocumentReport): DocumentReport {
  // An update appended to a rebuilt file would chain to a cross-reference that readers cannot follow;
  // only a full rewrite repairs it, and that is safe only while nothing is signed yet.
  if (report.repaired === 'xref-rebuilt')
    throw new AppError(report.signatures.length > 0 ? 'PDF_DAMAGED_SIGNED' : 'PDF_REPAIR_NEEDED', damageParams(report.damage[0]));
  if (report.locked) throw new AppError('PDF_LOCKED');
  const broken = report.signatures.find((s) => !s.integrity.intact);
  if (broken !== undefined)
    throw new AppError('PDF_SIGNATURE_BROKEN', {
      name: broken.signerName || broken.fieldName,
      reason: broken.integrity.problems.join(', '),
    });
  return report;
}

/** The approver's name, once the document carries an intact approval by someone authorised and nothing else changed. */
function requireApproval(report: DocumentReport): string {
  const approval = report.approval;
  if (approval?.approverName == null) throw new AppError('NOT_APPROVED');
  if (!approval.authorised) throw new AppError('APPROVER_NOT_AUTHORISED', { name: approval.approverName });
  if (report.verdict !== 'valid') throw new AppError('NOT_APPROVED');
  return approval.approverName;
}

/** The new boxes must leave the signatures already on their pages visible, unless the user allowed it. */
function assertClear(document: PdfDocument, before: DocumentReport, widgets: readonly WidgetPlacement[], allowOverlap = false): void {
  const placed = widgets.map((w) => ({ page: w.page.index + 1, rect: displayedRect(w.page, w.rect) }));
  assertNothingCovered(document, before.signatures, placed, allowOverlap);
}

/** The empty signature field `name`, its page, and the appearance drawn to its rectangle. */
function intoField(
  document: PdfDocument,
  name: string,
  appearance: (box: WidgetBox) => WidgetPlacement['appearance'],
): { field: EmptySignatureField; page: PageInfo; appearance: WidgetPlacement['appearance'] } {
  const fields = emptySignatureFields(document);
  const field = fields.find((f) => f.name === name);
  if (field?.widget.pageIndex == null)
    throw new AppError('SIGNATURE_FIELD_NOT_FOUND', { name, fields: fields.map((f) => f.name).join(', ') || '-' });
  const page = pageAt(document, field.widget.pageIndex);
  return { field, page, appearance: appearance(boxOfRect(page, field.widget.rect)) };
}

function singleWidget(
  document: PdfDocument,
  placement: Placement,
  widthMm: number,
  heightMm: number,
  appearance: (box: WidgetBox) => WidgetPlacement['appearance'],
): WidgetPlacement {
  const page = pageAt(document, pageIndex(document, placement.page));
  const box = boxFor(page, placement, widthMm, heightMm);
  return { page, rect: box.rect, appearance: appearance(box) };
}

function crossPageWidgets(
  document: PdfDocument,
  yMm: number,
  widthMm: number,
  heightMm: number,
  appearance: (box: WidgetBox, offsetFraction: number, fullWidthPt: number) => WidgetPlacement['appearance'],
): WidgetPlacement[] {
  const pages = allPages(document);
  return crossPageSlices(pages, yMm, widthMm, heightMm).map(({ box, offsetFraction, fullWidthPt }, i) => ({
    page: pages[i] as PageInfo,
    rect: box.rect,
    appearance: appearance(box, offsetFraction, fullWidthPt),
  }));
}

/** 1-based page numbers from users; 'last' for the signature page of most documents. */
function pageIndex(document: PdfDocument, page: number | 'last'): number {
  return page === 'last' ? pageCount(document) - 1 : page - 1;
}

function formatLocal(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
