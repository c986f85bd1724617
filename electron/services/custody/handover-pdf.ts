import { formatDateTime } from '../../../shared/i18n/time.ts';
import type { CustodyParty, CustodyReturn, Delegation } from '../../../shared/model/custody.ts';
import { cjkFont } from '../fonts/index.ts';
import { Composer, drawBlock, writePdf, type Block } from '../print/index.ts';

const GAP = '\u3000';
const when = (iso: string): string => formatDateTime('zh-CN', iso);
const party = (p: CustodyParty): string =>
  `${p.name}（证书 SHA-256 ${p.fingerprintSha256.slice(0, 16)}…，USBKey ${p.token.label} / ${p.token.serial}）`;

/** 印章代管交接单: what was handed over, to whom, for how long and why, and who signed it (on their USBKeys). */
export function handoverPdf(delegation: Delegation, sha256: string): Buffer {
  return sheet('印章代管交接单', delegation, [
    { kind: 'section', title: '代管事项' },
    { kind: 'row', label: '保管人', value: party(delegation.custodian) },
    { kind: 'row', label: '代管人', value: party(delegation.standIn) },
    { kind: 'row', label: '审批人', value: party(delegation.approver) },
    { kind: 'row', label: '代管期限', value: `${when(delegation.from)} 至 ${when(delegation.until)}` },
    { kind: 'row', label: '事由', value: delegation.reason },
    { kind: 'row', label: '交接时间', value: when(delegation.handedOverAt) },
    { kind: 'section', title: '移交的印章与 USBKey' },
    {
      kind: 'grid',
      columns: ['序号', '印章', 'USBKey（序列号）', '证书序列号'],
      rows: delegation.seals.map((seal, i) => [
        String(i + 1),
        seal.name,
        `${delegation.token.label}（${delegation.token.serial}）`,
        seal.certificateSerial,
      ]),
    },
    { kind: 'section', title: '待办事项' },
    { kind: 'row', label: '待办事项', value: delegation.pendingWork || '无' },
    { kind: 'section', title: '电子签名' },
    {
      kind: 'row',
      label: '签名',
      value: `审批人 ${delegation.approver.name}、保管人 ${delegation.custodian.name}、代管人 ${delegation.standIn.name} 已在各自的 USBKey 上签名（delegation.json 的 CMS 签名）。`,
    },
    { kind: 'row', label: '记录摘要', value: `SHA-256 ${sha256}` },
  ]);
}

/** 印章收回记录: the custodian took the seals back before the period ended; both signed it. */
export function returnPdf(delegation: Delegation, record: CustodyReturn, sha256: string): Buffer {
  return sheet('印章收回记录', delegation, [
    { kind: 'section', title: '收回事项' },
    { kind: 'row', label: '保管人', value: party(delegation.custodian) },
    { kind: 'row', label: '代管人', value: party(delegation.standIn) },
    { kind: 'row', label: '原代管期限', value: `${when(delegation.from)} 至 ${when(delegation.until)}` },
    { kind: 'row', label: '收回时间', value: when(record.returnedAt) },
    { kind: 'row', label: '印章', value: delegation.seals.map((s) => s.name).join('\n') },
    { kind: 'section', title: '电子签名' },
    {
      kind: 'row',
      label: '签名',
      value: `保管人 ${delegation.custodian.name}、代管人 ${delegation.standIn.name} 已在各自的 USBKey 上签名（return.json 的 CMS 签名）。`,
    },
    { kind: 'row', label: '记录摘要', value: `SHA-256 ${sha256}` },
  ]);
}

function sheet(title: string, delegation: Delegation, blocks: readonly Block[]): Buffer {
  const font = cjkFont();
  const composer = new Composer(font);
  composer.line(title, 20, 'center');
  composer.line(`编号：${delegation.id}`, 9, 'center');
  composer.space(6);
  for (const block of blocks) drawBlock(composer, block);
  composer.footer((page, total) => `${delegation.id}${GAP}第 ${page} 页 共 ${total} 页`, 9);
  return writePdf(composer.pages, font, title);
}
