/**
 * A stand-in for the renderer's typed client (renderer/lib/api/client.ts `getApi()`), driven by
 * the test: every call waits in `pending` until the test answers it, events are emitted by hand,
 * and downloads are recorded. Used with `vi.mock('…/renderer/lib/api/client', () => ({ getApi: () => fake }))`.
 */
export interface PendingCall {
  method: string;
  req: unknown;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export function createFakeApi() {
  const fake = {
    pending: [] as PendingCall[],
    listeners: new Map<string, ((p: unknown) => void)[]>(),
    downloads: [] as { fileId: string; name: string }[],
    call(method: string, req: unknown) {
      return new Promise((resolve, reject) => fake.pending.push({ method, req, resolve, reject }));
    },
    download(fileId: string, name: string) {
      fake.downloads.push({ fileId, name });
      return Promise.resolve();
    },
    on(event: string, cb: (p: unknown) => void) {
      fake.listeners.set(event, [...(fake.listeners.get(event) ?? []), cb]);
      return () => void fake.listeners.set(event, (fake.listeners.get(event) ?? []).filter((x) => x !== cb));
    },
    emit(event: string, p: unknown) {
      for (const cb of fake.listeners.get(event) ?? []) cb(p);
    },
    /** The oldest pending call of `method`, removed. */
    take(method: string): PendingCall {
      const i = fake.pending.findIndex((p) => p.method === method);
      if (i < 0) throw new Error(`no pending ${method}; pending: ${fake.pending.map((p) => p.method).join(', ')}`);
      return fake.pending.splice(i, 1)[0]!;
    },
    count: (method: string) => fake.pending.filter((p) => p.method === method).length,
  };
  return fake;
}
