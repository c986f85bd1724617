import { parseArgs } from 'node:util';
import { z } from 'zod';
import { APP_VERSION } from '../services/app/version.ts';
import { RevocationReasonSchema } from '../../shared/center/certificate-request.ts';
import { ApprovalNoteSchema } from '../../shared/model/approval-request.ts';
import { AuditKindSchema, AuditPurposeSchema } from '../../shared/model/audit.ts';
import { environmentLocale } from '../services/platform/locale.ts';
import { reportError } from './output.ts';

/**
 * Each command's code is loaded when that command runs: a seal does not evaluate the reference
 * center, the forms catalog or the sync client, which shortens every command's start.
 */
const COMMANDS = {
  audit: () => import('./commands/audit.ts'),
  center: () => import('./commands/center.ts'),
  custody: () => import('./commands/custody.ts'),
  certs: () => import('./commands/certs.ts'),
  demo: () => import('./commands/demo.ts'),
  doctor: () => import('./commands/doctor.ts'),
  documents: () => import('./commands/documents.ts'),
  forms: () => import('./commands/forms.ts'),
  pin: () => import('./commands/pin.ts'),
  sync: () => import('./commands/sync.ts'),
  syncStart: () => import('./commands/sync-start.ts'),
  testSignature: () => import('./commands/test-signature.ts'),
  tokens: () => import('./commands/tokens.ts'),
};

const HELP = `SealDesk ${APP_VERSION} — USBKey、电子印章与电子政务申请 / USBKeys, electronic seals and e-government applications

用法 / Usage: sealdesk <command> [options]

  demo init --dir DIR              创建演示环境（SoftHSM2 令牌 + DIR/center 参考资源中心）并打印 export 行
                                   provision a demo token and a reference center into DIR; prints shell exports
  tokens [--json]                  列出 USBKey 及其证书 / list tokens and their certificates
  doctor [--json]                  诊断驱动、插槽、机制、PIN 状态 / diagnose module, slots, mechanisms, PIN state
  test-signature --cert SELECTOR   在 USBKey 上签名随机挑战并验证 / sign a random challenge and verify it
  approve IN.pdf [-o OUT.pdf] --cert SELECTOR [--page N --x MM --y MM | --field NAME] [--overwrite] [--allow-overlap] [--purpose TEXT]
                                   签发（无 --x/--y 时为不可见签名）/ approve (invisible without --x/--y)
  seal IN.pdf… (-o OUT.pdf | --out-dir DIR) --seal SELECTOR (--page N|last --x MM --y MM | --field NAME)
       [--size MM] [--cross-page] [--final] [--overwrite] [--allow-overlap] [--purpose TEXT]
                                   盖章：坐标为印章中心距页面左上角的毫米数；--final 锁定文档
                                   seal: x/y is the seal centre in mm from the page's top-left; --final locks
                                   --field：签入文档中已有的空签名域 / sign into the document's empty signature field
                                   --allow-overlap：允许盖住页面上已有的签名 / allow covering a signature already there
                                   未给 -o 时输出为 原名-已签发.pdf / 原名-已盖章.pdf；已存在的文件只在 --overwrite 时替换
                                   without -o, NAME-已签发.pdf / NAME-已盖章.pdf; an existing file is replaced only with --overwrite
  verify FILE.pdf [--json] [--trust CA.pem]
                                   验章：0 有效且未修改，1 无效或被修改，2 无法检查
                                   verify: 0 valid and unchanged, 1 invalid or modified, 2 could not check
  repair IN.pdf [-o OUT.pdf] [--overwrite]
                                   将结构损坏、尚未签名的 PDF 修复为新文件，再签发新文件
                                   rewrite a damaged, unsigned PDF into a new file that can be approved
  certs status [--json] [--at DATE] [--trust CA.pem]
                                   证书状态：到期、证书链、吊销（先从资源中心更新吊销列表）；需处理时退出码 1
                                   expiry, chain and revocation of every certificate; exit 1 when any needs attention
  certs renew --cert SELECTOR [--resume | --cancel-pending]
                                   在 USBKey 上生成新密钥，用原证书签署更新申请并加入待发送队列；sync 办结后写入新证书。
                                   已有等待中的更新申请时：--resume 继续等待它，--cancel-pending 撤回它（删除其新密钥）后重新申请
                                   renew: new key on the token, request signed by the old key, queued; sync installs it.
                                   With a renewal already waiting: --resume keeps it, --cancel-pending cancels it and renews
  certs revoke --cert SELECTOR --reason key-compromise|pin-lost|information-changed|holder-left [--sign-with SELECTOR]
                                   撤销/变更申请；私钥泄露时立即停止使用并优先发送 / revoke; a leaked key stops at once
  certs resume --cert SELECTOR     资源中心退回泄露报告后恢复使用该密钥 / use a key again after its leak report was returned
  pin change                       修改 USBKey 的 PIN（当前 PIN：SEALDESK_PIN，新 PIN：SEALDESK_NEW_PIN，或提示输入）
                                   change the PIN (current: SEALDESK_PIN, new: SEALDESK_NEW_PIN, or prompts)
  pin unlock-request --token LOCKED --sign-token SERIAL --sign-with SELECTOR -o DIR
                                   解锁申请：用另一把 USBKey 上的单位证书签名，交给 IT 管理员 / a signed unlock request
  pin unlock [--request DIR]       IT 管理员用 SO PIN 重置已锁定的 PIN（SEALDESK_SO_PIN），先核验解锁申请
                                   reset a locked PIN with the SO PIN, after checking the unlock request
  approvers add --cert SELECTOR    将证书持有人加入签发权人名单 / authorise the holder to approve
  request-approval IN.pdf --approver NAME [--note TEXT]
                                   送签发：请名单中的签发权人签发（记入审计台账，不需 PIN），首页列出直到签发
                                   ask an approver on the unit's list to approve (on the ledger, no PIN); listed until approved
  impression import --seal SELECTOR FILE [--size MM]
                                   为印章导入印模（SVG 或 PNG）/ import a seal impression (SVG or PNG)
  audit list [--from DATE] [--to DATE] [--seal SELECTOR] [--kind KIND] [--search TEXT] [--json]
                                   审计台账（含年度归档）：每次签发、盖章、申请签名、证书更新/撤销、PIN 修改/解锁、注册各一条
                                   the audit ledger, archives included: one record per approval, seal, signature, renewal, PIN act, enrolment
  audit verify [--center]          检查台账的哈希链、每个年度归档及资源中心确认的最近锚定（--center：登录 USBKey 向资源中心
                                   获取，否则用上次同步保存的）；指出第一条被改动、删除、调换或截断的记录；有问题时退出码 1
                                   check the chain, every yearly archive and the last anchor the center confirmed (--center:
                                   fetched from the center with the USBKey, else the one kept at the last sync); exit 1 naming
                                   the first broken record
  audit report --from DATE --to DATE -o REPORT.pdf [--csv FILE] [--xlsx FILE]
                                   签章和打印汇总表（A4 PDF，再签发、盖章后用 submit --report 报送）；CSV/Excel 为同样的明细
                                   the usage report for the period as a PDF to approve, seal and send; the same rows as CSV/Excel
  custody delegate --to SELECTOR --from DATE --until DATE --reason TEXT --approver SELECTOR [--pending TEXT]
                                   印章代管：保管人、代管人在交接单上签名，审批人批准；期内代管人可盖章，期外拒绝
                                   hand the seal to a stand-in for a period: custodian, stand-in and approver sign
  custody return                   提前收回印章（保管人和代管人签名）/ take the seal back early (both sign)
  custody status [--json]          代管记录及其状态 / delegations and their state
  forms list [--json]              申请表目录 / the resource center's application forms
  forms example ID                 打印一份可通过校验的示例 / print a filled-in example that validates
  forms validate FILE.json --form ID
                                   校验申请数据，有问题时退出码 1 / validate; exit 1 with the messages
  forms sign FILE.json --form ID [--attach FILE…] --cert SELECTOR -o DIR
                                   在 USBKey 上签名，写出 application.json、application.p7s 和附件
                                   sign on the token into DIR: application.json, application.p7s, attachments
  forms verify DIR                 检查申请包的签名和附件摘要 / check a package's signature and attachment digests
  enrol [--code CODE] [--cert SELECTOR]
                                   用一次性注册码在资源中心注册（或 SEALDESK_ENROLMENT_CODE；地址 SEALDESK_CENTER_URL）
                                   enrol the unit with the center's one-time code; pins the center's certificates
  submit PATH                      将签名申请包目录或已盖章 PDF 加密后加入待发送队列 / encrypt a package or sealed PDF into the outbox
  submit REPORT.pdf --report --from DATE --to DATE
                                   报送已盖章的签章和打印汇总表 / queue a sealed usage report for that period
  sync [--once]                    发送待发送队列并拉取状态（无 --once 时持续运行）/ send the outbox and pull statuses
  outbox [--json]                  待发送队列：编号、状态、资源中心状态 / the outbox: id, state, center status
  outbox retry ID                  被拒绝或等待中的条目在下次同步时重新发送 / send a refused or waiting item again
  outbox remove ID                 从待发送队列删除尚未被资源中心接收的条目 / drop an item the center has not taken
  center serve [--dir D] [--port P]
                                   前台运行参考资源中心（D 默认为 SEALDESK_CENTER_DIR）/ run the reference center
  center list [--json]             资源中心收到的提交 / submissions the center holds (operator console)
  center reports [--unit NAME] [--json]
                                   各单位报送的签章和打印汇总表、印章代管交接与收回及台账最近锚定
                                   / per unit: usage reports, custody delegations and returns, last ledger anchor
  center decide ID accept|review|return|complete [--reason TEXT] [--unit NAME]
                                   受理、审核、退回或办结（多个单位用了同一编号时以 --unit 指定）
                                   / move a submission through its statuses (--unit when units share the id)
  center notice TITLE [--body TEXT] 发布调整通知 / publish a notice every unit sees on its next sync
  center approver UNIT CERT.pem     登记单位的签发权人 / name an authorised approver for a unit
  center impression UNIT SEAL.pem IMAGE.svg|png [--size MM]
                                   登记印章的官方印模 / register a seal's official impression
  center catalog [CATALOG.json]    无文件时输出现行申请表目录与工作日日历（可编辑后发布）；有文件时发布，各单位下次同步时采用
                                   print the forms catalog and calendar in force, or publish an edited one

本地存储口令从 SEALDESK_PASSPHRASE 或终端提示读取 / the local store passphrase comes from SEALDESK_PASSPHRASE or a prompt.

通用选项 / Common options:
  --module PATH    PKCS#11 驱动 (或 SEALDESK_PKCS11_MODULE) / PKCS#11 module
  --token LABEL    USBKey 名称或序列号 (或 SEALDESK_TOKEN) / token label or serial
  --json           机器可读输出 / machine-readable output
  -h, --help       显示帮助 / show this help

证书选择 SELECTOR：SHA-256 指纹（唯一前缀即可）或对象名称 / a SHA-256 fingerprint (unique prefix) or the object label.
PIN 从 SEALDESK_PIN 或终端提示读取，绝不从命令行参数读取 / the PIN comes from SEALDESK_PIN or a prompt, never an argument.
语言 / Language: SEALDESK_LANG=en for English.
`;

const OPTIONS = {
  module: { type: 'string' },
  token: { type: 'string' },
  cert: { type: 'string' },
  dir: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'out-dir': { type: 'string' },
  seal: { type: 'string' },
  page: { type: 'string' },
  x: { type: 'string' },
  y: { type: 'string' },
  size: { type: 'string' },
  trust: { type: 'string', multiple: true },
  form: { type: 'string' },
  attach: { type: 'string', multiple: true },
  code: { type: 'string' },
  port: { type: 'string' },
  reason: { type: 'string' },
  body: { type: 'string' },
  at: { type: 'string' },
  'sign-with': { type: 'string' },
  'sign-token': { type: 'string' },
  request: { type: 'string' },
  purpose: { type: 'string' },
  until: { type: 'string' },
  approver: { type: 'string' },
  note: { type: 'string' },
  pending: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  kind: { type: 'string' },
  csv: { type: 'string' },
  xlsx: { type: 'string' },
  report: { type: 'boolean', default: false },
  unit: { type: 'string' },
  once: { type: 'boolean', default: false },
  center: { type: 'boolean', default: false },
  search: { type: 'string' },
  resume: { type: 'boolean', default: false },
  'cancel-pending': { type: 'boolean', default: false },
  'cross-page': { type: 'boolean', default: false },
  field: { type: 'string' },
  'allow-overlap': { type: 'boolean', default: false },
  final: { type: 'boolean', default: false },
  overwrite: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const Common = { module: z.string().optional(), token: z.string().optional() };
const Millimetres = z.coerce.number().min(0).max(2000).optional();
const Page = z.union([z.literal('last'), z.string().regex(/^[1-9]\d*$/)]).optional();
const DateOption = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();
const Placement = {
  page: Page,
  x: Millimetres,
  y: Millimetres,
  size: z.coerce.number().min(5).max(200).optional(),
  field: z.string().min(1).optional(),
  'allow-overlap': z.boolean(),
};

const CommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('tokens'), module: z.string().optional(), token: z.string().optional(), json: z.boolean() }),
  z.object({ command: z.literal('doctor'), module: z.string().optional(), token: z.string().optional(), json: z.boolean() }),
  z.object({ command: z.literal('demo init'), dir: z.string().min(1) }),
  z.object({
    command: z.literal('test-signature'),
    module: z.string().optional(),
    token: z.string().optional(),
    cert: z.string().min(1),
    json: z.boolean(),
  }),
  z.object({
    command: z.literal('verify'),
    files: z.array(z.string()).length(1),
    json: z.boolean(),
    trust: z.array(z.string()).optional(),
    ...Common,
  }),
  z.object({
    command: z.literal('approve'),
    files: z.array(z.string()).length(1),
    output: z.string().optional(),
    cert: z.string().min(1),
    overwrite: z.boolean(),
    purpose: AuditPurposeSchema.optional(),
    ...Placement,
    ...Common,
  }),
  z.object({
    command: z.literal('seal'),
    files: z.array(z.string()).min(1),
    output: z.string().optional(),
    'out-dir': z.string().optional(),
    seal: z.string().min(1),
    'cross-page': z.boolean(),
    final: z.boolean(),
    overwrite: z.boolean(),
    purpose: AuditPurposeSchema.optional(),
    ...Placement,
    ...Common,
  }),
  z.object({
    command: z.literal('repair'),
    files: z.array(z.string()).length(1),
    output: z.string().optional(),
    overwrite: z.boolean(),
  }),
  z.object({ command: z.literal('approvers add'), cert: z.string().min(1), ...Common }),
  z.object({
    command: z.literal('request-approval'),
    files: z.array(z.string()).length(1),
    approver: z.string().min(1),
    note: ApprovalNoteSchema.optional(),
    ...Common,
  }),
  z.object({
    command: z.literal('certs status'),
    json: z.boolean(),
    trust: z.array(z.string()).optional(),
    at: DateOption,
    ...Common,
  }),
  z
    .object({ command: z.literal('certs renew'), cert: z.string().min(1), resume: z.boolean(), 'cancel-pending': z.boolean(), ...Common })
    .refine((c) => !(c.resume && c['cancel-pending']), { message: '--resume or --cancel-pending, not both' }),
  z.object({ command: z.literal('certs resume'), cert: z.string().min(1), ...Common }),
  z.object({
    command: z.literal('certs revoke'),
    cert: z.string().min(1),
    reason: RevocationReasonSchema,
    'sign-with': z.string().min(1).optional(),
    ...Common,
  }),
  z.object({ command: z.literal('pin change'), ...Common }),
  z.object({ command: z.literal('pin unlock'), request: z.string().min(1).optional(), ...Common }),
  z.object({
    command: z.literal('pin unlock-request'),
    'sign-token': z.string().min(1),
    'sign-with': z.string().min(1),
    output: z.string().min(1),
    ...Common,
  }),
  z.object({
    command: z.literal('audit list'),
    from: DateOption,
    to: DateOption,
    seal: z.string().min(1).optional(),
    kind: AuditKindSchema.optional(),
    search: z.string().min(1).optional(),
    json: z.boolean(),
  }),
  z.object({ command: z.literal('audit verify'), center: z.boolean(), json: z.boolean(), ...Common }),
  z
    .object({
      command: z.literal('audit report'),
      from: z.iso.date(),
      to: z.iso.date(),
      output: z.string().min(1),
      csv: z.string().min(1).optional(),
      xlsx: z.string().min(1).optional(),
    })
    .refine((c) => c.from <= c.to, { message: '--from must not be after --to' }),
  z.object({
    command: z.literal('custody delegate'),
    to: z.string().min(1),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()),
    until: z.iso.datetime({ offset: true }).or(z.iso.date()),
    reason: z.string().trim().min(1).max(200),
    approver: z.string().min(1),
    pending: z.string().max(2000).optional(),
    ...Common,
  }),
  z.object({ command: z.literal('custody return'), ...Common }),
  z.object({ command: z.literal('custody status'), json: z.boolean() }),
  z.object({ command: z.literal('forms list'), json: z.boolean() }),
  z.object({ command: z.literal('forms example'), files: z.array(z.string()).length(1) }),
  z.object({ command: z.literal('forms validate'), files: z.array(z.string()).length(1), form: z.string().min(1), json: z.boolean() }),
  z.object({
    command: z.literal('forms sign'),
    files: z.array(z.string()).length(1),
    form: z.string().min(1),
    attach: z.array(z.string()).default([]),
    cert: z.string().min(1),
    output: z.string().min(1),
    ...Common,
  }),
  z.object({ command: z.literal('forms verify'), files: z.array(z.string()).length(1) }),
  z.object({ command: z.literal('enrol'), code: z.string().optional(), cert: z.string().optional(), ...Common }),
  z
    .object({
      command: z.literal('submit'),
      files: z.array(z.string()).length(1),
      report: z.boolean(),
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
    })
    .refine((c) => !c.report || (c.from !== undefined && c.to !== undefined && c.from <= c.to), {
      message: '--report needs --from DATE --to DATE (from not after to)',
    }),
  z.object({ command: z.literal('sync'), once: z.boolean(), ...Common }),
  z.object({ command: z.literal('outbox'), json: z.boolean() }),
  z.object({ command: z.enum(['outbox retry', 'outbox remove']), files: z.tuple([z.string().min(1)]) }),
  z.object({ command: z.literal('center serve'), dir: z.string().optional(), port: z.coerce.number().int().min(0).max(65535).optional() }),
  z.object({ command: z.literal('center list'), dir: z.string().optional(), json: z.boolean() }),
  z.object({ command: z.literal('center reports'), dir: z.string().optional(), unit: z.string().min(1).optional(), json: z.boolean() }),
  z.object({
    command: z.literal('center decide'),
    files: z.tuple([z.string().min(1), z.enum(['accept', 'review', 'return', 'complete'])]),
    dir: z.string().optional(),
    reason: z.string().max(500).optional(),
    unit: z.string().min(1).optional(),
  }),
  z.object({
    command: z.literal('center notice'),
    files: z.tuple([z.string().min(1).max(200)]),
    dir: z.string().optional(),
    body: z.string().max(10_000).optional(),
  }),
  z.object({ command: z.literal('center catalog'), files: z.array(z.string().min(1)).max(1), dir: z.string().optional() }),
  z.object({ command: z.literal('center approver'), files: z.tuple([z.string().min(1), z.string().min(1)]), dir: z.string().optional() }),
  z.object({
    command: z.literal('center impression'),
    files: z.tuple([z.string().min(1), z.string().min(1), z.string().min(1)]),
    dir: z.string().optional(),
    size: z.coerce.number().min(5).max(200).optional(),
  }),
  z.object({
    command: z.literal('impression import'),
    files: z.array(z.string()).length(1),
    seal: z.string().min(1),
    size: z.coerce.number().min(5).max(200).optional(),
    ...Common,
  }),
]);

/** Commands whose positionals after the verb are files. */
const FILE_COMMANDS = [
  'verify',
  'approve',
  'repair',
  'seal',
  'submit',
  'impression import',
  'forms example',
  'forms validate',
  'forms sign',
  'forms verify',
  'center decide',
  'center notice',
  'outbox retry',
  'outbox remove',
  'center approver',
  'center catalog',
  'center impression',
  'request-approval',
];
const TWO_WORD_COMMANDS = [
  'audit list',
  'audit verify',
  'audit report',
  'custody delegate',
  'custody return',
  'custody status',
  'certs status',
  'certs renew',
  'certs revoke',
  'certs resume',
  'pin change',
  'pin unlock',
  'pin unlock-request',
  'approvers add',
  'demo init',
  'forms list',
  'center serve',
  'center list',
  'center reports',
];

function commandAndFiles(positionals: string[]): { command: string; files: string[] } {
  const twoWords = positionals.slice(0, 2).join(' ');
  const words = FILE_COMMANDS.includes(twoWords) || TWO_WORD_COMMANDS.includes(twoWords) ? 2 : 1;
  return { command: positionals.slice(0, words).join(' '), files: positionals.slice(words) };
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

async function run(argv: string[]): Promise<number> {
  const locale = environmentLocale();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = CommandSchema.safeParse({ ...parsed.values, ...commandAndFiles(parsed.positionals) });
  if (!command.success) return usage(`sealdesk ${parsed.positionals.join(' ')}: ${command.error.issues[0]?.message ?? 'invalid'}`);
  try {
    const c = command.data;
    switch (c.command) {
      case 'tokens':
        return await (await COMMANDS.tokens()).tokensCommand(locale, c);
      case 'doctor':
        return await (await COMMANDS.doctor()).doctorCommand(locale, c);
      case 'demo init':
        return await (await COMMANDS.demo()).demoInitCommand(c);
      case 'test-signature':
        return await (await COMMANDS.testSignature()).testSignatureCommand(locale, c);
      case 'verify':
        return await (await COMMANDS.documents()).verifyCommand(locale, { ...c, file: c.files[0] ?? '' });
      case 'approve':
        return await (
          await COMMANDS.documents()
        ).approveCommand(locale, { ...c, file: c.files[0] ?? '', allowOverlap: c['allow-overlap'] });
      case 'repair':
        return await (await COMMANDS.documents()).repairCommand(locale, { ...c, file: c.files[0] ?? '' });
      case 'seal':
        return await (
          await COMMANDS.documents()
        ).sealCommand(locale, { ...c, outDir: c['out-dir'], crossPage: c['cross-page'], final: c.final, allowOverlap: c['allow-overlap'] });
      case 'audit list':
        return await (await COMMANDS.audit()).auditListCommand(locale, c);
      case 'audit verify':
        return await (await COMMANDS.audit()).auditVerifyCommand(locale, c);
      case 'audit report':
        return await (await COMMANDS.audit()).auditReportCommand(locale, c);
      case 'custody delegate':
        return await (await COMMANDS.custody()).custodyDelegateCommand(locale, c);
      case 'custody return':
        return await (await COMMANDS.custody()).custodyReturnCommand(locale, c);
      case 'custody status':
        return (await COMMANDS.custody()).custodyStatusCommand(locale, c);
      case 'certs status':
        return await (await COMMANDS.certs()).certsStatusCommand(locale, c);
      case 'certs renew':
        return await (
          await COMMANDS.certs()
        ).certsRenewCommand(locale, {
          ...c,
          pending: c.resume ? 'resume' : c['cancel-pending'] ? 'cancel' : undefined,
        });
      case 'certs revoke':
        return await (await COMMANDS.certs()).certsRevokeCommand(locale, { ...c, signWith: c['sign-with'] });
      case 'certs resume':
        return await (await COMMANDS.certs()).certsResumeCommand(locale, c);
      case 'pin change':
        return await (await COMMANDS.pin()).pinChangeCommand(locale, c);
      case 'pin unlock':
        return await (await COMMANDS.pin()).pinUnlockCommand(locale, c);
      case 'pin unlock-request':
        return await (await COMMANDS.pin()).pinUnlockRequestCommand(locale, { ...c, signToken: c['sign-token'], signWith: c['sign-with'] });
      case 'approvers add':
        return await (await COMMANDS.documents()).approversAddCommand(c);
      case 'request-approval':
        return await (await COMMANDS.documents()).requestApprovalCommand(locale, { ...c, file: c.files[0] ?? '' });
      case 'impression import':
        return await (await COMMANDS.documents()).impressionImportCommand({ ...c, file: c.files[0] ?? '' });
      case 'forms list':
        return (await COMMANDS.forms()).formsListCommand(c);
      case 'forms example':
        return (await COMMANDS.forms()).formsExampleCommand({ id: c.files[0] ?? '' });
      case 'forms validate':
        return (await COMMANDS.forms()).formsValidateCommand(locale, { ...c, file: c.files[0] ?? '' });
      case 'forms sign':
        return await (await COMMANDS.forms()).formsSignCommand(locale, { ...c, file: c.files[0] ?? '' });
      case 'forms verify':
        return await (await COMMANDS.forms()).formsVerifyCommand(locale, { dir: c.files[0] ?? '' });
      case 'enrol':
        return await (await COMMANDS.sync()).enrolCommand(locale, c);
      case 'submit':
        return await (
          await COMMANDS.sync()
        ).submitCommand(locale, { path: c.files[0] ?? '', report: c.report && c.from && c.to ? { from: c.from, to: c.to } : null });
      case 'sync':
        return await (await COMMANDS.syncStart()).syncCommand(locale, c);
      case 'outbox':
        return await (await COMMANDS.sync()).outboxCommand(locale, c);
      case 'outbox retry':
      case 'outbox remove':
        return await (
          await COMMANDS.sync()
        ).outboxActionCommand(locale, { id: c.files[0], action: c.command === 'outbox retry' ? 'retry' : 'remove' });
      case 'center serve':
        return await (await COMMANDS.center()).centerServeCommand(locale, c);
      case 'center reports':
        return await (await COMMANDS.center()).centerReportsCommand(locale, c);
      case 'center list':
        return await (await COMMANDS.center()).centerListCommand(locale, c);
      case 'center decide':
        return await (await COMMANDS.center()).centerDecideCommand(locale, { ...c, id: c.files[0], decision: c.files[1] });
      case 'center notice':
        return await (await COMMANDS.center()).centerNoticeCommand({ ...c, title: c.files[0] });
      case 'center catalog':
        return await (await COMMANDS.center()).centerCatalogCommand({ ...c, file: c.files[0] });
      case 'center approver':
        return await (await COMMANDS.center()).centerApproverCommand({ ...c, unit: c.files[0], certificate: c.files[1] });
      case 'center impression':
        return await (
          await COMMANDS.center()
        ).centerImpressionCommand({ ...c, unit: c.files[0], certificate: c.files[1], image: c.files[2] });
    }
  } catch (error) {
    return reportError(locale, error);
  }
}

// `sealdesk forms list | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// Bundled to CommonJS for the shipped CLI, so no top-level await.
void run(process.argv.slice(2)).then((code) => (process.exitCode = code));
