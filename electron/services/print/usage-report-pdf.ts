import { periodTitle } from '../../../shared/model/audit-report.ts';
import type { AuditRecord } from '../../../shared/model/audit.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { formatClock, formatDay } from '../../../shared/i18n/time.ts';
import { actText, type UsageReport } from '../audit/report.ts';
import { cjkFont } from '../fonts/index.ts';
import { chineseDate, type Block } from './blocks.ts';
import { Composer } from './composer.ts';
import { drawBlock, GAP, sealArea, writePdf, type MarkSpot } from './document.ts';

export const USAGE_REPORT_TITLE = '签章和打印汇总表';

/**
 * The usage report as an A4 PDF in the printed-application style: a summary, each seal's uses with
 * approver, time and digest, online printing, custody, and room for the custodian's seal at the end.
 */
export function printUsageReport(report: UsageReport): { pdf: Buffer; seal: MarkSpot; approval: MarkSpot } {
  const font = cjkFont();
  const composer = new Composer(font);
  const title = periodTitle(report.period);
  composer.line(USAGE_REPORT_TITLE, 20, 'center');
  const unit = report.unit === null ? '' : `单位：${report.unit}${GAP}`;
  composer.line(`${unit}统计期间：${title}${GAP}生成日期：${chineseDate(report.generatedAt.toISOString())}`, 9, 'center');
  composer.space(6);
  for (const block of summaryBlocks(report)) drawBlock(composer, block);
  drawBlock(composer, { kind: 'section', title: '二、用印明细' });
  if (report.seals.length === 0) drawBlock(composer, { kind: 'row', label: '用印', value: '本期无用印记录。' });
  for (const seal of report.seals) {
    drawBlock(composer, {
      kind: 'row',
      label: `${seal.name}（${seal.label}）`,
      value: `本期使用 ${seal.uses.length} 次${GAP}证书指纹 SHA-256 ${seal.fingerprintSha256.slice(0, 16)}…`,
    });
    drawBlock(composer, {
      kind: 'grid',
      columns: ['序号', '时间', '事项', '文件及其 SHA-256 摘要', '签发人'],
      weights: [19, 10, 46, 11],
      rows: seal.uses.map((use, i) => [String(i + 1), time(use), actText(use), documentText(use), use.approver ?? '']),
    });
  }
  drawBlock(composer, { kind: 'section', title: '三、在线打印' });
  if (report.printing.length === 0) drawBlock(composer, { kind: 'row', label: '在线打印', value: '本期无在线打印记录。' });
  else
    drawBlock(composer, {
      kind: 'grid',
      columns: ['序号', '时间', '文件及其 SHA-256 摘要', '操作人', '方式'],
      weights: [19, 46, 11, 10],
      rows: report.printing.map((p, i) => [String(i + 1), time(p), documentText(p), p.operator, method(p)]),
    });
  drawBlock(composer, { kind: 'section', title: '四、印章保管' });
  if (report.custody.length === 0) drawBlock(composer, { kind: 'row', label: '保管', value: '本期无保管交接记录，印章由保管人本人使用。' });
  else
    drawBlock(composer, {
      kind: 'grid',
      columns: ['序号', '时间', '事项', '印章/证书', '操作人', '批准人', '说明'],
      weights: [20, 14, 18, 12, 12, 24],
      rows: report.custody.map((c, i) => [
        String(i + 1),
        time(c),
        actText(c),
        c.subject?.name ?? '',
        c.operator,
        c.approver ?? '',
        c.purpose ?? '',
      ]),
    });
  const spots = sealArea(composer, '印章保管人（签章）', report.generatedAt);
  composer.footer((page, total) => `${USAGE_REPORT_TITLE}（${title}）${GAP}第 ${page} 页 共 ${total} 页`, 9);
  return { pdf: writePdf(composer.pages, font, `${USAGE_REPORT_TITLE}（${title}）`), ...spots };
}

function summaryBlocks(report: UsageReport): Block[] {
  const uses = report.seals.reduce((sum, seal) => sum + seal.uses.length, 0);
  const perSeal = report.seals.map((seal) => `${seal.name}（${seal.label}）${seal.uses.length} 次`).join('；');
  const chain = report.chain.intact
    ? `共 ${report.chain.records} 条记录，哈希链完整。`
    : `共 ${report.chain.records} 条记录，哈希链自第 ${report.chain.firstBrokenLine ?? '?'} 行起不完整，详见审计台账。`;
  return [
    { kind: 'section', title: '一、概况' },
    {
      kind: 'row',
      label: '统计期间',
      value: `${periodTitle(report.period)}（${chineseDate(report.period.from)}至${chineseDate(report.period.to)}）`,
    },
    { kind: 'row', label: '用印次数', value: uses === 0 ? '0 次' : `共 ${uses} 次：${perSeal}` },
    { kind: 'row', label: '在线打印', value: `${report.printing.length} 次` },
    { kind: 'row', label: '保管交接记录', value: `${report.custody.length} 条` },
    { kind: 'row', label: '审计台账', value: chain },
  ];
}

/** The day above the clock: a narrow column, and the day never broken in two. */
const time = (record: AuditRecord): string => `${formatDay('zh-CN', record.time)}\n${formatClock('zh-CN', record.time)}`;
const documentText = ({ document }: AuditRecord): string => (document === null ? '' : `${document.name}\n${document.sha256}`);
const method = (record: AuditRecord): string => translate('zh-CN', `audit.method.${record.method}`);
