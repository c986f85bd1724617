import { useEffect, useState } from 'react';
import type { SealOutcome } from '../../../../shared/api/index.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { coveredSignatures, type SealInfo } from '../../../../shared/model/seal.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { useFileChooser } from '../../components/useFileChooser.tsx';
import { useWindowDrop } from '../../components/WindowDrop.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { ApprovalRequestForm } from './ApprovalRequestForm.tsx';
import { FileStages } from './FileStages.tsx';
import { OutputFolders } from './OutputFolders.tsx';
import { OverlapQuestion, type CoveredInFile } from './OverlapQuestion.tsx';
import { OverwriteQuestion } from './OverwriteQuestion.tsx';
import { PlacementPreview } from './PlacementPreview.tsx';
import { plannedBoxes, type SigningPlan } from './plannedBoxes.ts';
import { runSealing } from './runSealing.ts';
import { SealProgress, SealResults, type BatchProgress } from './SealResults.tsx';
import { SealSheet, type SealAct } from './SealSheet.tsx';
import { SNAP_MARGIN_MM } from './SealOverlay.tsx';
import type { HandedFile } from './SealsScreen.tsx';
import { useImpression } from './useImpression.ts';

/** One form for both steps: the approver signs (签发), the custodian seals (盖章), each confirmed on a sheet with one PIN per batch. */
export function SealForm({
  canPickFiles,
  tokens,
  handedOn,
  onVerify,
}: {
  canPickFiles: boolean;
  tokens: readonly Token[];
  /** A file handed on from 首页 (approved and to be sealed, or waiting for its approval), chosen already. */
  handedOn: HandedFile | null;
  /** After 盖章: the sealed file goes on to 验章 without being chosen again. */
  onVerify: (path: string) => void;
}) {
  const api = useApi();
  const { t } = useT();
  const seals = useCall(() => api.call('seals.list', {}), [api]);
  const seal = seals.data?.[0];
  if (seal === undefined) return seals.data === null ? <CallState call={seals} /> : <p>{t('seals.none')}</p>;
  const token = tokens.find((tk) => tk.serial === seal.tokenSerial);
  return <SealWorkbench seal={seal} token={token} canPickFiles={canPickFiles} handedOn={handedOn} onVerify={onVerify} />;
}

function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

interface WorkbenchProps {
  seal: SealInfo;
  token: Token | undefined;
  canPickFiles: boolean;
  handedOn: HandedFile | null;
  onVerify: (path: string) => void;
}

/** What the form says of a file handed on, by the step it waits for. */
const HANDED_ON_NOTICE = { seal: 'seals.flow.handedOn', approve: 'seals.flow.toApprove', request: 'seals.flow.toRequest' } as const;

function SealWorkbench({ seal, token, canPickFiles, handedOn, onVerify }: WorkbenchProps) {
  const api = useApi();
  const { t, error: describe } = useT();
  const chooser = useFileChooser(canPickFiles);
  const settings = useCall(() => api.call('settings.get', {}), [api]);
  const folders = settings.data?.outputFolders ?? {};
  const image = useImpression(seal.certificate.fingerprintSha256);
  const listing = useCall(() => api.call('tokens.certificates', { serial: seal.tokenSerial }), [api, seal.tokenSerial]);
  const approver = listing.data?.certificates.find((c) => c.kind === 'personal' && c.hasPrivateKey);
  const [files, setFiles] = useState(handedOn?.path ?? '');
  const [placement, setPlacement] = useState({ page: 'last', x: '150', y: '240', size: '42' });
  const [crossPage, setCrossPage] = useState(false);
  const [final, setFinal] = useState(false);
  const [snap, setSnap] = useState(true);
  const [previewPath, setPreviewPath] = useState<string | null>(null);
  const [asking, setAsking] = useState<SealAct | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [outcomes, setOutcomes] = useState<SealOutcome[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(handedOn === null ? null : t(HANDED_ON_NOTICE[handedOn.next]));
  /** The file being sent for approval (送签发); 首页's 再次请求 opens it at once. */
  const [requesting, setRequesting] = useState<string | null>(handedOn?.next === 'request' ? handedOn.path : null);
  const [fieldChoice, setField] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<{ action: SealAct['action']; covered: CoveredInFile[] } | null>(null);
  const [allowOverlap, setAllowOverlap] = useState(false);
  const [overwrite, setOverwrite] = useState<{ action: SealAct['action']; cover: boolean; taken: string[] } | null>(null);
  const [repairTaken, setRepairTaken] = useState<{ input: string; output: string } | null>(null);
  const [allowOverwrite, setAllowOverwrite] = useState(false);
  /** Only sealed files go on to 验章 and are exported from here: an approved one is not yet a document of the unit. */
  const [sealedLast, setSealedLast] = useState(false);
  // 下载 of a sealed file is an export: its ledger row is written before the bytes leave.
  const recordExport = (path: string) =>
    api.call('documents.export', { serial: seal.tokenSerial, certificate: seal.certificate.fingerprintSha256, path });
  // 打印 in the desktop shell: the same ledger row, then the print dialog.
  const print = (path: string) =>
    api.call('documents.print', { serial: seal.tokenSerial, certificate: seal.certificate.fingerprintSha256, path });
  useEffect(() => api.on('documents.progress', (p) => setProgress({ done: p.index + p.fraction, total: p.total })), [api]);
  const layout = useCall(
    async () => (previewPath === null ? null : api.call('documents.layout', { path: previewPath })),
    [api, previewPath],
  );

  const inputs = parseLines(files);
  const page = placement.page === 'last' ? ('last' as const) : Math.max(1, Number(placement.page) || 1);
  const spot = { xMm: Number(placement.x), yMm: Number(placement.y), widthMm: Number(placement.size) };
  const sealHeightMm = image ? (spot.widthMm * image.heightMm) / image.widthMm : spot.widthMm;
  const plan = (action: SigningPlan['action']): SigningPlan => ({ action, page, spot, sealHeightMm, crossPage, field });
  // The previewed document's empty fields are offered while it is the first to sign.
  const emptyFields = previewPath === inputs[0] ? (layout.data?.widgets.filter((w) => w.signer === null) ?? []) : [];
  const field = emptyFields.some((w) => w.fieldName === fieldChoice) ? fieldChoice : null;
  const coveredNow = layout.data ? coveredSignatures(layout.data, plannedBoxes(layout.data, plan('seal'))) : [];

  /** What the plan would cover in each file; a file that cannot be read is left to the signing call to report. */
  const coveredIn = async (action: SigningPlan['action']): Promise<CoveredInFile[]> => {
    const found: CoveredInFile[] = [];
    for (const input of inputs) {
      const read = await api.call('documents.layout', { path: input }).catch(() => null);
      if (read !== null) found.push(...coveredSignatures(read, plannedBoxes(read, plan(action))).map((widget) => ({ input, widget })));
    }
    return found;
  };
  const certificateFor = (act: SealAct) => (act.action === 'seal' ? seal.certificate : approver);
  const run = async (act: SealAct, pin: string | null): Promise<void> => {
    setAsking(null);
    setBusy(true);
    setFailure(null);
    setNotice(null);
    setOutcomes([]);
    const total = act.inputs.length;
    setProgress({ done: 0, total });
    try {
      const certificate = certificateFor(act)?.fingerprintSha256 ?? '';
      const outDir = folders[act.action] ?? null;
      const request = {
        ...act,
        ...act.spot,
        serial: seal.tokenSerial,
        certificate,
        pin,
        field,
        allowOverlap,
        overwrite: allowOverwrite,
        outDir,
      };
      const results = await runSealing(api, request, (done) => setProgress({ done, total }));
      setOutcomes(results);
      setSealedLast(act.action === 'seal');
      // The flow runs on: what was approved is what is sealed next, without choosing it again.
      const approved = results.flatMap((o) => (o.output === null ? [] : [o.output]));
      if (act.action === 'approve' && approved.length > 0) {
        setFiles(approved.join('\n'));
        setNotice(t('seals.flow.approved'));
      }
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  /**
   * Covering a signature already on a page is asked first, then replacing outputs whose names are taken;
   * then the sheet confirms the act itself. Nothing is written before all three are answered.
   */
  const ask = async (action: SealAct['action'], cover = false, replace = false): Promise<void> => {
    setFailure(null);
    setOverlap(null);
    setOverwrite(null);
    const covered = cover ? [] : await coveredIn(action);
    if (covered.length > 0) {
      setOverlap({ action, covered });
      return;
    }
    const outDir = folders[action];
    const planned = await api
      .call('documents.outputs', { inputs, task: action, ...(outDir === undefined ? {} : { outDir }) })
      .catch((error: unknown) => {
        setFailure(describe(error));
        return null;
      });
    if (planned === null) return;
    const taken = planned.filter((p) => p.exists).map((p) => p.output);
    if (taken.length > 0 && !replace) {
      setOverwrite({ action, cover, taken });
      return;
    }
    setAllowOverlap(cover);
    setAllowOverwrite(replace);
    setAsking({ action, inputs, page, spot, crossPage: crossPage && field === null, final });
  };
  const saveFolders = (outputFolders: typeof folders): void => {
    api.call('settings.update', { outputFolders }).then(settings.reload, (error: unknown) => setFailure(describe(error)));
  };
  const chooseFolder = async (start?: string): Promise<string | null> => (await chooser.choose('folder', start))[0] ?? null;
  /** A damaged, unsigned file is repaired into a new one, which takes the original's place in the list. */
  const repair = async (input: string, overwrite = false): Promise<void> => {
    setRepairTaken(null);
    try {
      const { output } = await api.call('documents.repair', { input, overwrite });
      setFiles(inputs.map((path) => (path === input ? output : path)).join('\n'));
      setOutcomes((current) => current.filter((o) => o.input !== input));
      setNotice(t('seals.repaired', { output }));
    } catch (error) {
      // A repaired copy from before takes the name: asked, as every output is, before it is replaced.
      if (error instanceof AppError && error.code === 'OUTPUT_EXISTS' && !overwrite)
        setRepairTaken({ input, output: String(error.params['path']) });
      else setFailure(describe(error));
    }
  };
  const addFiles = (paths: readonly string[]): void => {
    if (paths.length > 0) setFiles([...inputs, ...paths.filter((p) => !inputs.includes(p))].join('\n'));
  };
  const pick = async (): Promise<void> => addFiles(await chooser.choose('files'));
  useWindowDrop({ purpose: t('drop.toSeal'), onPaths: addFiles, onError: (error) => setFailure(describe(error)) });
  /** A position field; signing into an empty signature field takes that field's place instead. */
  const input = (key: keyof typeof placement, label: MessageKey, disabled = false) => (
    <label>
      {t(label)}
      <input
        value={placement[key]}
        disabled={disabled}
        onChange={(e) => setPlacement({ ...placement, [key]: e.target.value })}
        name={key}
      />
    </label>
  );
  const askingCertificate = asking && certificateFor(asking);
  const ready = !busy && inputs.length > 0 && token !== undefined;
  return (
    <>
      <div className="seal-workbench">
        <form className="seal-form" onSubmit={(e) => e.preventDefault()}>
          <p>
            {t('seals.seal')}: {seal.certificate.subject.commonName} ({seal.tokenLabel})
          </p>
          <div className="drop-zone">
            <label>
              {t('seals.files')}
              <textarea name="files" rows={3} value={files} onChange={(e) => setFiles(e.target.value)} />
            </label>
            <button type="button" onClick={() => void pick().catch((error: unknown) => setFailure(describe(error)))}>
              {t('seals.pickFiles')}
            </button>
            <p className="hint">{t('files.dropHint')}</p>
            <FileStages
              paths={inputs}
              approverHere={approver?.subject.commonName ?? null}
              checkedAfter={outcomes}
              onRequest={setRequesting}
            />
            {requesting !== null && (
              <ApprovalRequestForm
                key={requesting}
                path={requesting}
                serial={seal.tokenSerial}
                approvers={settings.data?.approvers ?? []}
                onSent={(sent) => {
                  setRequesting(null);
                  setNotice(t('request.sent', { approver: sent.approver, name: sent.name }));
                }}
                onCancel={() => setRequesting(null)}
              />
            )}
          </div>
          <OutputFolders folders={folders} choose={chooseFolder} onChange={saveFolders} />
          <button type="button" disabled={inputs.length === 0} onClick={() => setPreviewPath(inputs[0] ?? null)}>
            {t('seals.preview')}
          </button>
          {input('page', 'seals.page', field !== null)}
          {input('x', 'seals.x', field !== null)}
          {input('y', 'seals.y', field !== null)}
          {input('size', 'seals.size')}
          {emptyFields.length > 0 && (
            <label>
              {t('seals.field')}
              <select name="field" value={field ?? ''} onChange={(e) => setField(e.target.value === '' ? null : e.target.value)}>
                <option value="">{t('seals.field.none')}</option>
                {emptyFields.map((w) => (
                  <option key={w.fieldName} value={w.fieldName}>
                    {t('seals.field.option', { name: w.fieldName, page: w.page })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Check name="snap" checked={snap} onChange={setSnap} label={t('seals.snap', { margin: SNAP_MARGIN_MM })} />
          <Check name="crossPage" checked={crossPage} onChange={setCrossPage} label={t('seals.crossPage')} />
          <Check name="final" checked={final} onChange={setFinal} label={t('seals.final')} />
          <div className="actions">
            <button type="button" disabled={!ready || approver === undefined} onClick={() => void ask('approve')}>
              {t('seals.doApprove')}
            </button>
            <button type="button" disabled={!ready} onClick={() => void ask('seal')}>
              {t('seals.doSeal')}
            </button>
          </div>
          {listing.data !== null && approver === undefined && <p className="hint">{t('seals.noApprover')}</p>}
          {overlap && (
            <OverlapQuestion covered={overlap.covered} onConfirm={() => void ask(overlap.action, true)} onCancel={() => setOverlap(null)} />
          )}
          {overwrite && (
            <OverwriteQuestion
              taken={overwrite.taken}
              onConfirm={() => void ask(overwrite.action, overwrite.cover, true)}
              onCancel={() => setOverwrite(null)}
            />
          )}
          {repairTaken && (
            <OverwriteQuestion
              taken={[repairTaken.output]}
              onConfirm={() => void repair(repairTaken.input, true)}
              onCancel={() => setRepairTaken(null)}
            />
          )}
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          {notice && (
            <p className="ok" role="status">
              {notice}
            </p>
          )}
        </form>
        {asking && askingCertificate && token && (
          <SealSheet
            act={asking}
            certificate={askingCertificate}
            token={token}
            image={image}
            onConfirm={(pin) => void run(asking, pin)}
            onCancel={() => setAsking(null)}
          />
        )}
        {previewPath !== null && image && (
          <PlacementPreview
            path={previewPath}
            image={image}
            page={page}
            spot={spot}
            crossPage={crossPage}
            snap={snap}
            layout={layout.data}
            covered={coveredNow}
            field={field}
            onPage={(p) => setPlacement((current) => ({ ...current, page: String(p) }))}
            onMove={(x, y) => setPlacement((current) => ({ ...current, x: String(x), y: String(y) }))}
          />
        )}
      </div>
      {/* Below the form, at the section's full width: a batch's table is read, not squeezed. */}
      {progress && <SealProgress progress={progress} />}
      <SealResults
        outcomes={outcomes}
        desktop={canPickFiles}
        onRepair={(input) => void repair(input)}
        {...(sealedLast ? { onVerify, onExport: recordExport, onPrint: print } : {})}
      />
      {chooser.dialog}
    </>
  );
}

function Check(props: { name: string; checked: boolean; onChange: (value: boolean) => void; label: string }) {
  return (
    <label>
      <input type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} /> {props.label}
    </label>
  );
}
