import { useCallback, useEffect, useRef, useState } from 'react';
import type { Application } from '../../../../shared/model/application.ts';
import { PDF_RANGE_MAX_BYTES } from '../../../../shared/api/index.ts';
import { bytesFromBase64 } from '../../api/base64.ts';
import { useApi } from '../../api/context.tsx';
import { uploadFile } from './upload.ts';

/** Typing pauses this long before a save, so a save is not sent per keystroke but nothing waits for a button. */
const SAVE_DELAY_MS = 300;

export interface DraftSession {
  application: Application;
  data: Record<string, unknown>;
  saving: boolean;
  savedAt: Date | null;
  failure: unknown;
  change(data: Record<string, unknown>): void;
  attach(field: string, file: File, onProgress: (fraction: number) => void): Promise<void>;
  /** Takes the file off a field (删除). */
  detach(field: string): Promise<void>;
  /** The attached file's bytes, for its preview. */
  readAttachment(field: string): Promise<Uint8Array<ArrayBuffer>>;
  /** Runs an action on the saved draft (sign, print, reopen) after every pending change is stored. */
  act(work: (id: string) => Promise<Application | void>): Promise<void>;
}

/**
 * One open application: every change is saved shortly after it is made, saves run one at a time in
 * order, and actions wait for them, so what is signed or printed is what is on screen.
 */
export function useDraftSession(initial: Application): DraftSession {
  const api = useApi();
  const [application, setApplication] = useState(initial);
  const [data, setData] = useState(initial.data);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef<Record<string, unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const enqueue = useCallback((work: () => Promise<void>): Promise<void> => {
    const next = queue.current.then(work, work);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const flush = useCallback((): Promise<void> => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const toSave = pending.current;
    pending.current = null;
    if (toSave === null) return queue.current;
    setSaving(true);
    return enqueue(async () => {
      try {
        setApplication(await api.call('applications.save', { id: initial.id, data: toSave }));
        setSavedAt(new Date());
        setFailure(null);
      } catch (error) {
        setFailure(error);
      } finally {
        setSaving(pending.current !== null);
      }
    });
  }, [api, enqueue, initial.id]);

  useEffect(() => () => void flush(), [flush]);

  const change = (next: Record<string, unknown>): void => {
    setData(next);
    pending.current = next;
    setSaving(true);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  const attach = async (field: string, file: File, onProgress: (fraction: number) => void): Promise<void> => {
    await flush();
    const uploadId = await uploadFile(api, file, onProgress);
    await enqueue(async () => {
      const updated = await api.call('applications.attach', { id: initial.id, field, name: file.name, uploadId });
      setApplication(updated);
      setData((current) => ({ ...current, [field]: updated.data[field] }));
      setSavedAt(new Date());
    });
  };

  const detach = async (field: string): Promise<void> => {
    await flush();
    await enqueue(async () => {
      const updated = await api.call('applications.detach', { id: initial.id, field });
      setApplication(updated);
      setData(updated.data);
      setSavedAt(new Date());
    });
  };

  const readAttachment = async (field: string): Promise<Uint8Array<ArrayBuffer>> => {
    const parts: Uint8Array[] = [];
    for (let offset = 0, size = 1; offset < size;) {
      const range = await api.call('applications.readAttachment', { id: initial.id, field, offset, length: PDF_RANGE_MAX_BYTES });
      const bytes = bytesFromBase64(range.base64);
      if (bytes.length === 0) break;
      parts.push(bytes);
      size = range.size;
      offset += bytes.length;
    }
    const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    parts.reduce((at, part) => (whole.set(part, at), at + part.length), 0);
    return whole;
  };

  const act = async (work: (id: string) => Promise<Application | void>): Promise<void> => {
    await flush();
    await enqueue(async () => {
      const updated = await work(initial.id);
      if (updated) {
        setApplication(updated);
        setData(updated.data);
      }
    });
  };

  return { application, data, saving, savedAt, failure, change, attach, detach, readAttachment, act };
}
