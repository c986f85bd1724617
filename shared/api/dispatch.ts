import { AppError, toWireError } from '../errors.ts';
import { api, isMethodName, type EventName, type EventPayload, type MethodName, type ParsedParamsOf, type ResultOf } from './contract.ts';
import type { Outcome } from './wire.ts';

export type Handlers = { [M in MethodName]: (params: ParsedParamsOf<M>) => Promise<ResultOf<M>> };

/** How services push events to whichever shell carries them. */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The single entry both shells call: unknown method or malformed params become BAD_REQUEST before
 * any service runs; whatever the handler throws becomes a typed error value.
 */
export async function dispatch(handlers: Handlers, method: string, rawParams: unknown): Promise<Outcome> {
  try {
    if (!isMethodName(method)) throw new AppError('BAD_REQUEST', { detail: 'unknown method' });
    const parsed = api[method].params.safeParse(rawParams ?? {});
    if (!parsed.success) throw new AppError('BAD_REQUEST', { detail: parsed.error.issues[0]?.message ?? '' });
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
