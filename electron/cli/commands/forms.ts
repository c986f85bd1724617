import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { describeFieldError, type FieldError } from '../../../shared/forms/index.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import {
  FormCatalog,
  InvalidApplication,
  parseApplicationJson,
  signApplication,
  validateApplication,
  verifyApplicationPackage,
} from '../../services/forms/index.ts';
import { sha256OfFile } from '../../services/platform/index.ts';
import { cliAuditTrail } from '../desk.ts';
import { cliSettings, pickToken, withTokens, type CommonOptions } from '../context.ts';
import { printJson } from '../output.ts';
import { readPin } from '../pin.ts';

/** The forms and calendar the app uses: the center's last published catalog, or the built-in one. */
const catalog = (): FormCatalog => FormCatalog.in(cliSettings().dataDir);

/** Application data from a file the user names. */
function readApplicationData(file: string): Record<string, unknown> {
  try {
    return parseApplicationJson(readFileSync(file, 'utf8'), basename(file));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_NOT_FOUND', { path: file }, { cause: error });
  }
}

function printFieldErrors(locale: Locale, errors: readonly FieldError[]): void {
  for (const error of errors) process.stderr.write(`${error.path}: ${describeFieldError(locale, error)}\n`);
}

/** `sealdesk forms list [--json]`. */
export function formsListCommand(options: { json: boolean }): number {
  const forms = catalog().forms.map((f) => ({ id: f.id, title: f.title, version: f.version }));
  if (options.json) printJson(forms);
  else for (const f of forms) process.stdout.write(`${f.id.padEnd(20)} v${f.version}  ${f.title}\n`);
  return 0;
}

/** `sealdesk forms example ID`: a filled-in application that validates. */
export function formsExampleCommand(options: { id: string }): number {
  printJson(catalog().formById(options.id).example);
  return 0;
}

/** `sealdesk forms validate FILE.json --form ID`: exit 1 with one message per problem. */
export function formsValidateCommand(locale: Locale, options: { file: string; form: string; json: boolean }): number {
  const forms = catalog();
  const errors = validateApplication(forms.formById(options.form), readApplicationData(options.file), forms.calendar);
  if (options.json) printJson(errors);
  else if (errors.length === 0) process.stdout.write(`${translate(locale, 'forms.valid')}\n`);
  else printFieldErrors(locale, errors);
  return errors.length === 0 ? 0 : 1;
}

/** `sealdesk forms sign FILE.json --form ID [--attach FILE…] --cert SELECTOR -o DIR`. */
export async function formsSignCommand(
  locale: Locale,
  options: CommonOptions & { file: string; form: string; attach: string[]; cert: string; output: string },
): Promise<number> {
  const forms = catalog();
  const form = forms.formById(options.form);
  const data = readApplicationData(options.file);
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    await tokens.login(token.serial, await readPin(`${translate(locale, 'login.pin')}: `));
    const { certificate, signer, chain } = await tokens.signingKit(token.serial, options.cert);
    try {
      const { dir, application } = await signApplication({
        form,
        data,
        files: options.attach,
        signer,
        chain,
        calendar: forms.calendar,
        outDir: options.output,
      });
      await cliAuditTrail(tokens).record({
        kind: 'application-sign',
        serial: token.serial,
        subject: certificate,
        document: { name: application.form.title, sha256: await sha256OfFile(join(dir, 'application.json')) },
        output: dir,
      });
      process.stdout.write(`${translate(locale, 'forms.signed', { dir })}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof InvalidApplication)) throw error;
      printFieldErrors(locale, error.errors);
      throw error;
    }
  });
}

/** `sealdesk forms verify DIR`: the signature over application.json and every attachment's digest. */
export async function formsVerifyCommand(locale: Locale, options: { dir: string }): Promise<number> {
  const { application, signingTime } = await verifyApplicationPackage(options.dir);
  process.stdout.write(
    `${translate(locale, 'forms.packageValid', { title: application.form.title, time: signingTime === null ? '-' : formatDateTime(locale, signingTime), count: application.attachments.length })}\n`,
  );
  return 0;
}
