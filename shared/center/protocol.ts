import { z } from 'zod';
import { CalendarDataSchema } from '../calendar/working-days.ts';
import { FormDefinitionSchema } from '../forms/schema.ts';
import { SIGNATURE_REJECTIONS } from '../model/http-signature.ts';
import { AnchorReceiptSchema, AnchorRequestSchema, LastAnchorSchema } from './anchor.ts';

/**
 * The resource-center protocol, described once: the client and the reference center both take their
 * types (z.infer) and their validation (parse at the boundary) from these schemas, and the OpenAPI
 * 3.1 document the center serves is rendered from the same route table (openapi.ts).
 */

export const PROTOCOL_VERSION = 'v1';

/** What every request signature must cover; `content-digest` is sent even for an empty body. */
export const REQUEST_COMPONENTS = ['@method', '@target-uri', 'content-digest', 'content-type'] as const;
/** Responses are bound to the request they answer by echoing its nonce in a covered header. */
export const RESPONSE_COMPONENTS = ['@status', 'content-digest', 'content-type', 'sealdesk-request-nonce'] as const;
export const REQUEST_NONCE_HEADER = 'sealdesk-request-nonce';
/** tus headers the client acts on: whenever a response carries one, its signature covers it too. */
export const RESPONSE_ACTED_ON_HEADERS = ['location', 'upload-offset', 'upload-length'] as const;
/**
 * tus headers the center acts on: whenever a request carries one, its signature covers it too, so a man
 * in the middle cannot make an upload longer than the file (it would never finish) or move a chunk.
 */
export const REQUEST_ACTED_ON_HEADERS = ['upload-length', 'upload-offset', 'upload-defer-length', 'upload-metadata'] as const;

/** What a request's signature must cover: the fixed components and every acted-on header it carries. */
export const requestComponents = (headers: Record<string, string | undefined>): string[] => [
  ...REQUEST_COMPONENTS,
  ...REQUEST_ACTED_ON_HEADERS.filter((name) => headers[name] !== undefined),
];
export const SIGNATURE_LIFETIME_SECONDS = 120;
export const CLOCK_SKEW_SECONDS = 300;

export const CENTER_REJECTIONS = [
  ...SIGNATURE_REJECTIONS,
  'certificate-expired',
  'certificate-revoked',
  'operation-not-allowed',
  'enrolment-code-invalid',
  'request-invalid',
  'certificate-request-invalid',
  'upload-incomplete',
  'not-found',
  'too-many-requests',
  'session-unknown',
] as const;
export const CenterRejectionSchema = z.enum(CENTER_REJECTIONS);
export type CenterRejection = z.infer<typeof CenterRejectionSchema>;

export const RejectionBodySchema = z
  .object({
    reason: CenterRejectionSchema,
    detail: z.string().max(1000).optional(),
    /**
     * True only when the center verified the request's signature, digest and nonce: the refusal is
     * its answer to what the client sent, so final. Anything else (a request damaged on the way, a
     * replay) may be a man in the middle's doing, and the client sends again later.
     */
    authenticated: z.boolean().default(false),
  })
  .meta({ id: 'Rejection' });
export type RejectionBody = z.input<typeof RejectionBodySchema>;

const Base64Der = z
  .string()
  .regex(/^[A-Za-z0-9+/]+=*$/)
  .describe('DER, base64');
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const SubmissionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

export const EnrolmentRequestSchema = z
  .object({ code: z.string().min(6).max(64), unitCertificate: Base64Der })
  .strict()
  .meta({ id: 'EnrolmentRequest' });
export type EnrolmentRequest = z.infer<typeof EnrolmentRequestSchema>;

export const EnrolmentResponseSchema = z
  .object({
    unitId: z.string(),
    unitName: z.string(),
    /** Verifies every response; the client pins it. */
    signingCertificate: Base64Der,
    /** What submissions are encrypted to. */
    encryptionCertificate: Base64Der,
    caCertificates: z.array(Base64Der).min(1),
  })
  .strict()
  .meta({ id: 'EnrolmentResponse' });
export type EnrolmentResponse = z.infer<typeof EnrolmentResponseSchema>;

/**
 * `usage-report`: a unit's sealed 签章和打印汇总表 for a period; `custody`: a 代管 handover or its return (the
 * signed record and the printed sheet). The center keeps both per unit.
 */
export const SUBMISSION_KINDS = ['application', 'document', 'certificate-request', 'usage-report', 'custody'] as const;
export const SubmissionKindSchema = z.enum(SUBMISSION_KINDS);
export type SubmissionKind = z.infer<typeof SubmissionKindSchema>;

/**
 * Sessions: the unit certificate's key (on the token) signs once, registering an ephemeral P-256 key; both
 * ends derive a pair of HMAC-SHA256 keys from it (ECDH, HKDF), and later requests and their answers are
 * signed with those. Sessions live in the center's memory: it forgets them when it restarts, and the
 * client registers a new one when told `session-unknown` or when the old one is about to end.
 */
export const SESSION_LIFETIME_SECONDS = 600;
/** Session key ids start so; a certificate's is its 64-digit hex thumbprint. */
export const SESSION_KEY_ID_PREFIX = 'session-';
export const SessionIdSchema = z.string().regex(/^session-[A-Za-z0-9_-]{22}$/);
/** An uncompressed P-256 point (65 bytes), base64. */
const P256PublicKey = z
  .string()
  .regex(/^[A-Za-z0-9+/]{87}=$/)
  .describe('uncompressed P-256 point, base64');

export const SessionRequestSchema = z.object({ publicKey: P256PublicKey }).strict().meta({ id: 'SessionRequest' });
export type SessionRequest = z.infer<typeof SessionRequestSchema>;

export const SessionResponseSchema = z
  .object({ sessionId: SessionIdSchema, publicKey: P256PublicKey, expiresAt: z.iso.datetime() })
  .strict()
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** The most characters (Unicode code points, counted as written) a file name may have, as the forms allow. */
export const MAX_FILE_NAME_CHARACTERS = 255;

export const fileNameCharacters = (name: string): number => [...name].length;

/**
 * A path inside the package as the clerk named its files: any Unicode (Chinese, spaces), so long as
 * each segment is a file name (no control characters, no `\\`, not `.` or `..`, at most 255 characters)
 * and the whole stays short enough to list. Characters, not bytes: the center never makes a file of
 * the name (parts are stored by upload id), so 200 Chinese characters (600 UTF-8 bytes) are a name.
 */
export const PartNameSchema = z
  .string()
  .max(1000)
  .refine(
    (name) =>
      name.split('/').every((segment) => {
        const characters = fileNameCharacters(segment);
        return (
          characters >= 1 && characters <= MAX_FILE_NAME_CHARACTERS && segment !== '.' && segment !== '..' && !/[\p{Cc}\\]/u.test(segment)
        );
      }),
    { message: 'part name: each segment a file name of 1 to 255 characters, without control characters, \\, . or ..' },
  );

/** A tus upload's id as the center makes them; nothing with a dot, so never a FileStore metadata file. */
export const UploadIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const SubmissionPartSchema = z
  .object({
    /** Where the part goes in the package, e.g. `application.json` or `attachments/拓扑图.png`. */
    name: PartNameSchema,
    /** The finished tus upload holding the part's AuthEnvelopedData. */
    uploadId: UploadIdSchema,
    size: z.number().int().min(0),
    /**
     * SHA-256 over the SHA-256 digests of the envelope's consecutive UPLOAD_BLOCK_BYTES blocks (the last
     * may be shorter), one after the other. Each block is one tus chunk, whose digest both sides take
     * anyway for its Content-Digest, so neither hashes the envelope a second time.
     */
    blocksSha256: Sha256Hex,
  })
  .strict();
export type SubmissionPart = z.infer<typeof SubmissionPartSchema>;

export const SubmissionRequestSchema = z
  .object({ kind: SubmissionKindSchema, title: z.string().max(200), parts: z.array(SubmissionPartSchema).min(1).max(200) })
  .strict()
  .meta({ id: 'SubmissionRequest' });
export type SubmissionRequest = z.infer<typeof SubmissionRequestSchema>;

/** 已接收, 已受理, 审核中, 退回, 办结. */
export const SUBMISSION_STATUSES = ['received', 'accepted', 'reviewing', 'returned', 'completed'] as const;
export const SubmissionStatusSchema = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;

export const SubmissionReceiptSchema = z
  .object({ id: SubmissionIdSchema, status: SubmissionStatusSchema, receivedAt: z.iso.datetime() })
  .strict()
  .meta({ id: 'SubmissionReceipt' });
export type SubmissionReceipt = z.infer<typeof SubmissionReceiptSchema>;

export const ChangeSchema = z
  .object({
    cursor: z.number().int().min(1),
    submissionId: SubmissionIdSchema,
    status: SubmissionStatusSchema,
    reason: z.string().nullable(),
    at: z.iso.datetime(),
    /** A renewal's issued certificate (DER, base64), on its 办结 change. */
    certificate: z.base64().nullable(),
  })
  .strict();
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesResponseSchema = z
  .object({ changes: z.array(ChangeSchema), cursor: z.number().int().min(0) })
  .strict()
  .meta({ id: 'Changes' });
export type ChangesResponse = z.infer<typeof ChangesResponseSchema>;

export const ChangesQuerySchema = z.object({ after: z.coerce.number().int().min(0).default(0) });

export interface RouteDescription {
  method: 'GET' | 'POST' | 'PUT';
  /** OpenAPI path template. */
  path: string;
  summary: string;
  request: z.ZodType | null;
  response: z.ZodType;
  /** Who may call it: an enrolled unit certificate, or the certificate presented in the body (enrolment). */
  auth: 'unit' | 'enrolment';
}

export const NoticeSchema = z
  .object({ id: z.number().int().min(1), title: z.string().min(1).max(200), body: z.string().max(10_000), publishedAt: z.iso.datetime() })
  .strict();
export type Notice = z.infer<typeof NoticeSchema>;

/** A seal's official impression (印模) as the center registered it. Seals are few and impressions small. */
export const CenterImpressionSchema = z
  .object({
    sealCertificate: Sha256Hex,
    format: z.enum(['svg', 'png']),
    base64: z.string().max(2_800_000),
    widthMm: z.number().min(5).max(200),
  })
  .strict();
export type CenterImpression = z.infer<typeof CenterImpressionSchema>;

/**
 * The center's application forms and working-day calendar. `revision` is the SHA-256 of the canonical
 * JSON of `{forms, calendar}`, so client and center agree on it without a counter; `publishedAt` is
 * null for the catalog built into the app.
 */
export const PublishedCatalogSchema = z
  .object({
    revision: Sha256Hex,
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
    forms: z.array(FormDefinitionSchema).min(1).max(100),
    calendar: CalendarDataSchema,
  })
  .strict()
  .meta({ id: 'Catalog' });
export type PublishedCatalog = z.infer<typeof PublishedCatalogSchema>;

/**
 * What the center keeps for a unit and the client follows: its approvers, its seals' impressions, the
 * center's notices, and which catalog revision it publishes (fetched only when it changed).
 */
export const ReferenceDataSchema = z
  .object({
    approvers: z.array(z.object({ label: z.string().max(200), fingerprintSha256: Sha256Hex }).strict()).max(500),
    impressions: z.array(CenterImpressionSchema).max(20),
    notices: z.array(NoticeSchema).max(200),
    catalogRevision: Sha256Hex,
  })
  .strict()
  .meta({ id: 'ReferenceData' });
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;

export const CENTER_ROUTES = {
  enrol: {
    method: 'POST',
    path: '/v1/enrolments',
    summary: '单位注册：一次性注册码 + 单位证书签名；返回资源中心签名与加密证书',
    request: EnrolmentRequestSchema,
    response: EnrolmentResponseSchema,
    auth: 'enrolment',
  },
  session: {
    method: 'POST',
    path: '/v1/sessions',
    summary: '会话：单位证书签名登记临时 P-256 公钥；此后的请求与应答以协商出的会话密钥（HMAC-SHA256）签名',
    request: SessionRequestSchema,
    response: SessionResponseSchema,
    auth: 'unit',
  },
  submit: {
    method: 'PUT',
    path: '/v1/submissions/{id}',
    summary: '提交（幂等）：各部分为已完成的 tus 上传，内容为 AuthEnvelopedData',
    request: SubmissionRequestSchema,
    response: SubmissionReceiptSchema,
    auth: 'unit',
  },
  changes: {
    method: 'GET',
    path: '/v1/changes',
    summary: '状态变更流：after 之后的变更及新游标',
    request: null,
    response: ChangesResponseSchema,
    auth: 'unit',
  },
  reference: {
    method: 'GET',
    path: '/v1/reference',
    summary: '单位参考数据：签发权人名单、印模、调整通知、申请表目录版本',
    request: null,
    response: ReferenceDataSchema,
    auth: 'unit',
  },
  catalog: {
    method: 'GET',
    path: '/v1/catalog',
    summary: '申请表目录与工作日日历（参考数据中的版本变化时获取）',
    request: null,
    response: PublishedCatalogSchema,
    auth: 'unit',
  },
  anchor: {
    method: 'POST',
    path: '/v1/anchors',
    summary: '审计台账锚定：单位证书签名的哈希链头（序号与哈希），须接续上次锚定',
    request: AnchorRequestSchema,
    response: AnchorReceiptSchema,
    auth: 'unit',
  },
  lastAnchor: {
    method: 'GET',
    path: '/v1/anchors/last',
    summary: '本单位最近一次确认的台账锚定',
    request: null,
    response: LastAnchorSchema,
    auth: 'unit',
  },
} as const satisfies Record<string, RouteDescription>;

/** tus 1.0 resumable uploads (creation, termination); every request and response is signed too. */
export const UPLOADS_PATH = '/v1/uploads';
/** The unit of a part's digest (SubmissionPart.blocksSha256), and the size of the client's tus chunks. */
export const UPLOAD_BLOCK_BYTES = 8 * 1024 * 1024;

/** RFC 3161 time-stamping over HTTP (RFC 3161 §3.4): open, since the token is itself signed. */
export const TIMESTAMP_PATH = '/v1/timestamps';
export const TIMESTAMP_QUERY_TYPE = 'application/timestamp-query';
export const TIMESTAMP_REPLY_TYPE = 'application/timestamp-reply';

/** The CA's current CRL (DER), open like any CRL distribution point: it is signed by the CA. */
export const CRL_PATH = '/v1/crl';
export const CRL_TYPE = 'application/pkix-crl';

/** OCSP over HTTP (RFC 6960 Appendix A), answered by the CA itself. */
export const OCSP_PATH = '/v1/ocsp';
export const OCSP_REQUEST_TYPE = 'application/ocsp-request';
export const OCSP_RESPONSE_TYPE = 'application/ocsp-response';
