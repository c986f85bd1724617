import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type WireError } from '../../../shared/errors.ts';
import type { FieldError, FormDefinition } from '../../../shared/forms/index.ts';
import type { Application, ApplicationSummary } from '../../../shared/model/application.ts';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import {
  assertValid,
  attachmentFields,
  DraftStore,
  HEAD_BYTES,
  inspectAttachment,
  migrateData,
  missingAttachments,
  signApplicationData,
  validateApplication,
  writePackage,
  type AttachmentRecord,
  type Draft,
  type FormCatalog,
} from '../forms/index.ts';
import { writeFileAtomic } from '../platform/index.ts';
import { printApplication } from '../print/index.ts';
import { suggestOutputPath } from '../seal/index.ts';
import { bufferContent } from '../cms/index.ts';
import { Outbox, type PartSource } from '../sync/index.ts';
import type { Signer } from '../token/index.ts';
import type { Vault } from '../vault/index.ts';

const FILES = 'attachments';
const PACKAGES = 'packages';

export interface SigningKey {
  signer: Signer;
  chain: readonly Uint8Array[];
  /** The certificate holder as the printed form names them. */
  holder: string;
}

/** 申请: drafts, their attachments, signing into the outbox, printing and export, all kept in the vault. */
export class Applications {
  readonly #drafts: DraftStore;
  readonly outbox: Outbox;

  constructor(
    private readonly vault: Vault,
    private readonly catalog: FormCatalog,
    private readonly exportDir: string,
  ) {
    this.#drafts = new DraftStore(vault);
    this.outbox = new Outbox(vault);
  }

  list(): ApplicationSummary[] {
    const latest = new Map(this.outbox.list().map((item) => [item.source, item]));
    return this.#drafts.list().map((draft) => summary(draft, this.catalog.formById(draft.formId), latest.get(draft.id)));
  }

  create(formId: string, data: Record<string, unknown> = {}): Application {
    return this.#view(this.#drafts.create(this.catalog.formById(formId), data));
  }

  /** Opens an application; a draft made with an older form version is carried over to the current one first. */
  open(id: string): Application {
    const draft = this.#drafts.get(id);
    const form = this.catalog.formById(draft.formId);
    if (draft.formVersion >= form.version || draft.state !== 'draft') return this.#view(draft);
    const migrated = migrateData(form, draft.formVersion, draft.data);
    const next = this.#drafts.update(id, (d) => ({
      data: migrated.data,
      legacy: { ...d.legacy, ...migrated.legacy },
      formVersion: form.version,
    }));
    return { ...this.#view(next), migratedFrom: draft.formVersion };
  }

  save(id: string, data: Record<string, unknown>): Application {
    return this.#view(this.#drafts.save(id, data));
  }

  /** Deletes a draft and its files; a signed application must be reopened first. */
  remove(id: string): void {
    const draft = this.#drafts.get(id);
    if (draft.state !== 'draft') throw new AppError('DRAFT_SIGNED', { id });
    for (const file of Object.values(draft.attachments)) this.vault.remove(FILES, file.id);
    this.#drafts.remove(id);
  }

  /** Checks a file against its field's rules and keeps it encrypted with the draft, replacing any earlier one. */
  attach(id: string, field: string, name: string, bytes: Buffer): Application {
    const draft = this.#drafts.get(id);
    const form = this.catalog.formById(draft.formId);
    const schema = form.schema.properties?.[field];
    const spec = schema?.['x-attachment'];
    if (spec === undefined) throw new AppError('BAD_REQUEST', { detail: `${field} is not an attachment field` });
    const mediaType = inspectAttachment({ name, size: bytes.length, head: bytes.subarray(0, HEAD_BYTES) }, schema?.title ?? field, spec);
    if (draft.state !== 'draft') throw new AppError('DRAFT_SIGNED', { id });
    const fileId = randomUUID();
    this.vault.write(FILES, fileId, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const previous = draft.attachments[field];
    const next = this.#drafts.update(id, (d) => ({
      data: { ...d.data, [field]: { name } },
      attachments: { ...d.attachments, [field]: { id: fileId, name, mediaType, size: bytes.length, sha256 } },
    }));
    if (previous) this.vault.remove(FILES, previous.id);
    return this.#view(next);
  }

  /** Takes a file off a draft (删除): the field is empty again and the encrypted copy is removed. */
  detach(id: string, field: string): Application {
    const draft = this.#drafts.get(id);
    if (draft.state !== 'draft') throw new AppError('DRAFT_SIGNED', { id });
    const held = draft.attachments[field];
    if (held === undefined) return this.#view(draft);
    const next = this.#drafts.update(id, (d) => ({ data: without(d.data, field), attachments: without(d.attachments, field) }));
    this.vault.remove(FILES, held.id);
    return this.#view(next);
  }

  /** Part of an attached file, for the preview beside the form; `size` is the whole file's. */
  attachmentRange(id: string, field: string, offset: number, length: number): { size: number; bytes: Buffer } {
    const held = this.#drafts.get(id).attachments[field];
    if (held === undefined) throw new AppError('ATTACHMENT_MISSING', { name: field, field });
    const bytes = this.#file(held.id);
    return { size: bytes.length, bytes: bytes.subarray(offset, offset + length) };
  }

  /**
   * Signs the application on the token and queues it in the outbox as 待提交. Nothing changes when
   * the data is invalid, a file is missing or the signature fails (wrong PIN, token removed).
   */
  async sign(id: string, key: SigningKey): Promise<Application> {
    const draft = this.#drafts.get(id);
    if (draft.state !== 'draft') throw new AppError('DRAFT_SIGNED', { id });
    const form = this.catalog.formById(draft.formId);
    assertValid(form, draft.data, this.catalog.calendar);
    const attachments = this.#attachmentRecords(form, draft);
    const signed = await signApplicationData({ form, data: draft.data, attachments, signer: key.signer, chain: key.chain });
    this.vault.write(
      PACKAGES,
      id,
      Buffer.from(JSON.stringify({ json: signed.json.toString('base64'), p7s: signed.p7s.toString('base64') })),
    );
    const signature = {
      signer: key.holder,
      signedAt: signed.application.signedAt,
      sha256: createHash('sha256').update(signed.json).digest('hex'),
    };
    const next = this.#drafts.update(id, () => ({ state: 'signed', signature, refusal: null }));
    this.outbox.enqueue({ id: submissionId(next), kind: 'application', title: form.title, source: id });
    return this.#view(next);
  }

  /**
   * Makes a signed application editable again as the next 版次: its signature is dropped and it leaves the outbox.
   * A refusal by the center goes with it into the draft, so the editor says why until it is signed again.
   * `withdrawn` is its outbox item when 待提交 has already taken it out (退回草稿修改).
   */
  reopen(id: string, withdrawn?: OutboxItem): Application {
    const draft = this.#drafts.get(id);
    if (draft.state === 'draft') return this.#view(draft);
    const submitted = withdrawn ?? this.#latestSubmission(id);
    this.outbox.withdraw(submissionId(draft));
    return this.#view(this.#backToDraft(draft, refusalOf(draft, submitted)));
  }

  /**
   * The center sent submission `submission` back (退回): that edition becomes an editable draft again.
   * The outbox item stays, so the list shows the reason until the next edition is signed.
   */
  returned(id: string, submission: string): void {
    const draft = this.#drafts.get(id);
    if (draft.state === 'signed' && submissionId(draft) === submission) this.#backToDraft(draft);
  }

  #backToDraft(draft: Draft, refusal: WireError | null = null): Draft {
    this.vault.remove(PACKAGES, draft.id);
    return this.#drafts.update(draft.id, (d) => ({ state: 'draft', signature: null, edition: d.edition + 1, refusal }), true);
  }

  /** What goes to the center for a signed application: the package exactly as `exportPackage` lays it out. */
  submissionParts(id: string): PartSource[] {
    const draft = this.#drafts.get(id);
    const { json, p7s } = this.#signedPackage(draft);
    return [
      { name: 'application.json', content: async () => bufferContent(json) },
      { name: 'application.p7s', content: async () => bufferContent(p7s) },
      ...Object.values(draft.attachments).map((file) => ({
        name: `${FILES}/${file.name}`,
        content: async () => bufferContent(this.#file(file.id)),
      })),
    ];
  }

  #signedPackage(draft: Draft): { json: Buffer; p7s: Buffer } {
    const stored = this.vault.read(PACKAGES, draft.id);
    if (draft.state !== 'signed' || stored === null) throw new AppError('APPLICATION_NOT_SIGNED', { id: draft.id });
    const { json, p7s } = JSON.parse(stored.toString('utf8')) as { json: string; p7s: string };
    return { json: Buffer.from(json, 'base64'), p7s: Buffer.from(p7s, 'base64') };
  }

  /** The application as an A4 PDF, written to a new file in the export folder; returns its path. */
  print(id: string): string {
    const draft = this.#drafts.get(id);
    const form = this.catalog.formById(draft.formId);
    const pdf = printApplication({
      form,
      data: draft.data,
      reference: reference(draft),
      attachments: attachmentFields(form, draft.data).flatMap((field) => {
        const file = draft.attachments[field.path];
        return file ? [{ field: field.title, name: file.name, size: file.size, sha256: file.sha256 }] : [];
      }),
      signature: draft.signature && {
        ...draft.signature,
        signedAt: new Date(draft.signature.signedAt).toLocaleString('zh-CN', { hour12: false }),
      },
      printedAt: new Date(),
    });
    const path = suggestOutputPath(join(this.exportDir, `${form.title}-${reference(draft)}.pdf`), '打印', existsSync);
    writeFileAtomic(path, pdf, 0o600);
    return path;
  }

  /** Writes the signed package (application.json, application.p7s, attachments) to a new folder for hand delivery or checks. */
  async exportPackage(id: string): Promise<string> {
    const draft = this.#drafts.get(id);
    const { json, p7s } = this.#signedPackage(draft);
    const base = join(this.exportDir, `${this.catalog.formById(draft.formId).title}-${reference(draft)}-签名包`);
    let dir = base;
    for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
    const { dir: written } = await writePackage(dir, async (staging) => {
      for (const file of Object.values(draft.attachments)) writeFileAtomic(join(staging, FILES, file.name), this.#file(file.id), 0o600);
      return { application: JSON.parse(json.toString('utf8')), json, p7s };
    });
    return written;
  }

  #attachmentRecords(form: FormDefinition, draft: Draft): AttachmentRecord[] {
    const missing = missingAttachments(form, draft.data, draft.attachments)[0];
    if (missing !== undefined) throw new AppError('ATTACHMENT_MISSING', { name: missing.name, field: missing.title });
    // Every field the data names is held (checked above): each gives one record.
    return attachmentFields(form, draft.data).flatMap((field) => {
      const file = draft.attachments[field.path];
      if (file === undefined) return [];
      const bytes = this.#file(file.id);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return [{ field: field.path, name: file.name, mediaType: file.mediaType, size: bytes.length, sha256 }];
    });
  }

  #file(fileId: string): Buffer {
    const bytes = this.vault.read(FILES, fileId);
    if (bytes === null) throw new AppError('VAULT_CORRUPT', { name: `${FILES}/${fileId}` });
    return bytes;
  }

  /**
   * The outbox item of the draft's latest submitted edition. Found by id (`draftId-eN`) so that an
   * autosave opens one outbox record, not all of them.
   */
  #latestSubmission(id: string): OutboxItem | undefined {
    const editions = this.outbox
      .ids()
      .filter((itemId) => itemId.startsWith(`${id}-e`))
      .map((itemId) => Number(itemId.slice(id.length + 2)));
    return editions.length === 0 ? undefined : this.outbox.get(`${id}-e${Math.max(...editions)}`);
  }

  #view(draft: Draft): Application {
    const form = this.catalog.formById(draft.formId);
    const attachments = Object.fromEntries(
      Object.entries(draft.attachments).map(([field, { name, mediaType, size, sha256 }]) => [field, { name, mediaType, size, sha256 }]),
    );
    return {
      ...summary(draft, form, this.#latestSubmission(draft.id)),
      formVersion: draft.formVersion,
      data: draft.data,
      attachments,
      legacy: draft.legacy,
      migratedFrom: null,
      signature: draft.signature,
      errors: [...validateApplication(form, draft.data, this.catalog.calendar), ...missingErrors(form, draft)],
    };
  }
}

/** A file the data names but the draft lacks counts as a problem, so 填写完整 is never said while one is missing. */
function missingErrors(form: FormDefinition, draft: Draft): FieldError[] {
  return missingAttachments(form, draft.data, draft.attachments).map((field) => ({
    path: field.path,
    field: field.title,
    code: 'attachmentMissing',
    params: { name: field.name },
  }));
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function summary(draft: Draft, form: FormDefinition, latest: OutboxItem | undefined): ApplicationSummary {
  const queued = draft.state === 'signed' && latest?.id === submissionId(draft) && latest.state === 'pending';
  const applicant = draft.data['applicant'];
  const name = typeof applicant === 'object' && applicant !== null ? (applicant as Record<string, unknown>)['name'] : undefined;
  return {
    id: draft.id,
    formId: draft.formId,
    formTitle: form.title,
    state: draft.state,
    queued,
    center: latest?.center ?? null,
    refusal: refusalOf(draft, latest) ?? draft.refusal,
    edition: draft.edition,
    applicant: typeof name === 'string' ? name : '',
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
  };
}

/** The short number printed on every sheet and in file names: the draft id's first block and the 版次. */
function reference(draft: Draft): string {
  return `${draft.id.slice(0, 8).toUpperCase()}-${draft.edition}`;
}

/** The center's refusal of the draft's current edition, when `item` is that edition's and was refused for good. */
function refusalOf(draft: Draft, item: OutboxItem | undefined): WireError | null {
  return item?.id === submissionId(draft) && item.state === 'rejected' ? item.lastError : null;
}

function submissionId(draft: Draft): string {
  return `${draft.id}-e${draft.edition}`;
}
