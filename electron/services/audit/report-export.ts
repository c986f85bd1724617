import { Writable } from 'node:stream';
import { writeFileAtomic, writeStreamAtomic } from '../platform/index.ts';
import { REPORT_COLUMNS } from './report.ts';

/** Excel opens a CSV as the system's ANSI code page unless it starts with the UTF-8 byte order mark. */
const BOM = '\uFEFF';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function writeReportCsv(path: string, rows: readonly (readonly string[])[]): void {
  const lines = [REPORT_COLUMNS, ...rows].map((row) => row.map(csvField).join(','));
  writeFileAtomic(path, `${BOM}${lines.join('\r\n')}\r\n`);
}

/**
 * The workbook through exceljs's streaming writer: each row is committed to the file as it is added,
 * so a five-year ledger is not held as a workbook in memory. Loaded when asked for: exceljs is large, and
 * every seal goes through the audit module.
 */
export async function writeReportXlsx(path: string, rows: readonly (readonly string[])[], sheetName: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  await writeStreamAtomic(path, async (out) => {
    // A plain writer onto the handle: a stream from `out.createWriteStream` keeps the handle from closing.
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => void out.write(chunk).then(() => done(), done) });
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    workbook.creator = 'SealDesk';
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = REPORT_COLUMNS.map((header) => ({ header, width: header === 'SHA-256' ? 66 : header === '文件' ? 30 : 14 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of rows) sheet.addRow([...row]).commit();
    sheet.commit();
    await workbook.commit();
  });
}
