import { z } from 'zod';
import { WireErrorSchema } from '../error-schema.ts';

/** Framing for the WebSocket transport; the desktop shell uses Electron IPC framing instead. */
export const RequestFrameSchema = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string().max(64),
    params: z.unknown(),
  })
  .strict();
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

export const ResponseFrameSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: WireErrorSchema }),
]);

export const EventFrameSchema = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });

export const ServerFrameSchema = z.union([ResponseFrameSchema, EventFrameSchema]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** What the IPC and WebSocket handlers return: errors as values, never a thrown stack. */
export type Outcome = { ok: true; result: unknown } | { ok: false; error: z.infer<typeof WireErrorSchema> };

/** Query parameter and subprotocol prefix carrying the per-launch secret of the web shell. */
export const WEB_SECRET_PROTOCOL_PREFIX = 'sealdesk.secret.';
export const WEB_SOCKET_PATH = '/api';
/** 下载 in the web shell: a GET of this path with `?path=`, the launch secret in this header. */
export const DOWNLOAD_PATH = '/download';
export const WEB_SECRET_HEADER = 'x-sealdesk-secret';
