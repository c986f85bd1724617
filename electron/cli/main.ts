import { parseArgs } from 'node:util';
import { z } from 'zod';
import { APP_VERSION } from '../services/app/index.ts';
import { demoInitCommand } from './commands/demo.ts';
import { doctorCommand } from './commands/doctor.ts';
import { testSignatureCommand } from './commands/test-signature.ts';
import { tokensCommand } from './commands/tokens.ts';
import { cliLocale } from './context.ts';
import { reportError } from './output.ts';

const HELP = `SealDesk ${APP_VERSION} — USBKey、电子印章与电子政务申请 / USBKeys, electronic seals and e-government applications

用法 / Usage: sealdesk <command> [options]

  demo init --dir DIR              创建演示环境（SoftHSM2 令牌 + 演示 CA）并打印 export 行
                                   provision a demo token and CA into DIR; prints shell exports
  tokens [--json]                  列出 USBKey 及其证书 / list tokens and their certificates
  doctor [--json]                  诊断驱动、插槽、机制、PIN 状态 / diagnose module, slots, mechanisms, PIN state
  test-signature --cert SELECTOR   在 USBKey 上签名随机挑战并验证 / sign a random challenge and verify it

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
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

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
]);

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${HELP}`);
  return 2;
}

async function run(argv: string[]): Promise<number> {
  const locale = cliLocale();
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
  const command = CommandSchema.safeParse({ ...parsed.values, command: parsed.positionals.join(' ') });
  if (!command.success) return usage(`sealdesk ${parsed.positionals.join(' ')}: ${command.error.issues[0]?.message ?? 'invalid'}`);
  try {
    const c = command.data;
    switch (c.command) {
      case 'tokens':
        return await tokensCommand(locale, c);
      case 'doctor':
        return await doctorCommand(locale, c);
      case 'demo init':
        return await demoInitCommand(c);
      case 'test-signature':
        return await testSignatureCommand(locale, c);
    }
  } catch (error) {
    return reportError(locale, error);
  }
}

process.exitCode = await run(process.argv.slice(2));
