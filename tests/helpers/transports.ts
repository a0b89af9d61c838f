import path from 'node:path';
import WebSocket from 'ws';
import type { Envelope } from '../../shared/errors';
import type { EventName } from '../../shared/events';
import { createCore, type Core, type CoreOptions } from '../../electron/core/create-core';
import { startBridge, type Bridge } from '../../electron/bridge/bridge.server';
import { fixedClock } from '../../electron/core/clock';
import { memorySettings } from '../../electron/core/settings';
import { afterEach, beforeEach } from 'vitest';
import { tmpDir } from './tmp';

export interface TestTransport {
  name: string;
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  /** Resolves when the subscription is live. */
  on(listener: (e: EventName, p: unknown) => void): Promise<() => void>;
  core: Core;
  close(): Promise<void>;
}

export const T0 = '2026-11-23T08:00:00.000Z';

export function coreOptions(dir: string, mode: 'fixed' | 'managed' = 'fixed'): CoreOptions {
  const base = { clock: fixedClock(T0), settings: memorySettings(), outbox: true };
  return mode === 'fixed' ? { ...base, dbPath: path.join(dir, 'ws.db') } : { ...base, dataDir: dir };
}

export async function inProcess(opts: CoreOptions): Promise<TestTransport> {
  const core = createCore(opts);
  return {
    name: 'in-process',
    core,
    call: (m, p) => core.call(m, p),
    on: async (l) => core.on(l),
    close: async () => core.close(),
  };
}

export async function overBridge(opts: CoreOptions): Promise<TestTransport & { bridge: Bridge }> {
  const core = createCore(opts);
  const bridge = await startBridge({ core, locale: () => opts.settings?.get().locale ?? 'zh-CN' });
  return {
    name: 'bridge',
    core,
    bridge,
    async call(method, params) {
      const res = await fetch(`${bridge.url}api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-qunzhu-token': bridge.token },
        body: JSON.stringify({ method, params }),
      });
      return (await res.json()) as Envelope<unknown>;
    },
    on(listener) {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`, ['qunzhu.v1', `token.${bridge.token}`]);
        ws.on('message', (data) => {
          const { event, payload } = JSON.parse(String(data)) as { event: EventName; payload: unknown };
          listener(event, payload);
        });
        ws.once('open', () => resolve(() => ws.close()));
        ws.once('error', reject);
      });
    },
    async close() {
      await bridge.close();
      core.close();
    },
  };
}

export const TRANSPORTS = [
  ['in-process', inProcess],
  ['bridge', overBridge],
] as const;

/** Waits until `pred` holds, polling; fails after `ms`. */
export async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Calls a method and returns its value; a failed envelope fails the test with its code and message. */
export async function callOk<T>(api: TestTransport, method: string, params: unknown = {}): Promise<T> {
  const env = await api.call(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}

/**
 * One contract suite's set-up: a fresh temporary workspace and transport per test (optionally
 * with the demo loaded), closed and removed after. `s.api` and `s.dir` are the current test's.
 */
export function transportPerTest(make: (opts: CoreOptions) => Promise<TestTransport>, o: { demo?: boolean } = {}) {
  const s = {
    api: null as unknown as TestTransport,
    dir: '',
    ok: <T>(method: string, params: unknown = {}) => callOk<T>(s.api, method, params),
  };
  let cleanup = () => {};
  beforeEach(async () => {
    const t = tmpDir();
    s.dir = t.dir;
    cleanup = t.cleanup;
    s.api = await make(coreOptions(t.dir));
    if (o.demo) await s.ok('workspace.createDemo');
  });
  afterEach(async () => {
    await s.api.close();
    cleanup();
  });
  return s;
}
