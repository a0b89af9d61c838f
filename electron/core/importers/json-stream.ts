/**
 * Streams the elements of chosen arrays out of a JSON file of any size: the file is tokenized
 * by stream-json and only one element at a time is assembled, so memory stays flat however
 * many messages the file holds. Scalars outside those arrays (a chat's name, id, type) are
 * reported on the way past.
 */
import fs from 'node:fs';
import { parser } from 'stream-json';
import { ImportError } from './types';

export type JsonPath = (string | number)[];

export type JsonStreamEvent =
  | { kind: 'scalar'; path: JsonPath; value: unknown }
  | { kind: 'arrayStart'; path: JsonPath }
  | { kind: 'element'; path: JsonPath; index: number; value: unknown };

interface Token {
  name: string;
  value?: unknown;
}

interface Frame {
  array: boolean;
  key: string | number | null;
  index: number;
}

/** Strings longer than this end the import: no real chat message is that long. */
export const MAX_JSON_STRING = 8 * 1024 * 1024;

export async function* streamJson(
  file: string,
  name: string,
  isTarget: (path: JsonPath) => boolean,
  o: { signal?: AbortSignal; wantScalar?: (path: JsonPath) => boolean; onBytes?: (bytesRead: number) => void } = {},
): AsyncGenerator<JsonStreamEvent> {
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const tokens = parser.asStream({ packValues: true, streamValues: false });
  source.on('error', (e) => tokens.destroy(e));
  if (o.onBytes) source.on('data', () => o.onBytes!(source.bytesRead));
  source.pipe(tokens);

  const frames: Frame[] = [];
  // The element being assembled: its depth in `frames`, and a stack of containers.
  let targetDepth = -1;
  let targetPath: JsonPath = [];
  const build: unknown[] = [];
  const buildKeys: (string | null)[] = [];
  let lastIndex = -1;

  // Where the next value sits: each open container's current key or index.
  const here = (): JsonPath => frames.map((f) => (f.array ? f.index : (f.key ?? '')));
  const current = () => frames[frames.length - 1];
  const advance = () => {
    const f = current();
    if (f?.array) f.index++;
  };

  const put = (value: unknown) => {
    const container = build[build.length - 1];
    if (Array.isArray(container)) container.push(value);
    else if (container && typeof container === 'object') (container as Record<string, unknown>)[buildKeys[buildKeys.length - 1]!] = value;
  };

  const queue: JsonStreamEvent[] = [];
  const onToken = (t: Token): void => {
    {
      const inTarget = targetDepth >= 0 && frames.length >= targetDepth;
      switch (t.name) {
        case 'startObject':
        case 'startArray': {
          const isArray = t.name === 'startArray';
          if (inTarget) {
            const c: unknown = isArray ? [] : Object.create(null);
            if (build.length) put(c);
            build.push(c);
            buildKeys.push(null);
          }
          const entering = targetDepth < 0 ? here() : null;
          frames.push({ array: isArray, key: null, index: 0 });
          if (entering && isArray && isTarget(entering)) {
            targetDepth = frames.length;
            targetPath = entering;
            queue.push({ kind: 'arrayStart', path: entering });
          }
          break;
        }
        case 'endObject':
        case 'endArray': {
          frames.pop();
          if (targetDepth >= 0 && frames.length < targetDepth) {
            targetDepth = -1;
          } else if (inTarget) {
            const done = build.pop();
            buildKeys.pop();
            if (build.length === 0) {
              const index = current()!.index;
              lastIndex = index;
              queue.push({ kind: 'element', path: targetPath, index, value: done });
            }
          }
          advance();
          break;
        }
        case 'keyValue': {
          const f = current()!;
          f.key = t.value as string;
          if (inTarget) buildKeys[buildKeys.length - 1] = t.value as string;
          break;
        }
        default: {
          let value: unknown;
          if (t.name === 'stringValue') {
            value = t.value;
            if ((value as string).length > MAX_JSON_STRING) throw new ImportError(name, { index: lastIndex + 1 }, 'too-large', 'a text value is larger than 8 MB');
          } else if (t.name === 'numberValue') value = Number(t.value);
          else if (t.name === 'nullValue') value = null;
          else if (t.name === 'trueValue') value = true;
          else if (t.name === 'falseValue') value = false;
          else break;
          if (inTarget) {
            if (build.length === 0) {
              // a scalar element directly in the target array
              const index = current()!.index;
              lastIndex = index;
              queue.push({ kind: 'element', path: targetPath, index, value });
            } else put(value);
          } else if (frames.length > 0) {
            const p = here();
            if (!o.wantScalar || o.wantScalar(p)) queue.push({ kind: 'scalar', path: p, value });
          }
          advance();
        }
      }
    }
  };

  // Tokens are handled synchronously as they arrive (an await per token would be several
  // times slower); finished elements wait in a small queue, and the tokenizer pauses while
  // the consumer catches up.
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  tokens.on('data', (t: Token) => {
    if (failure) return;
    try {
      onToken(t);
    } catch (e) {
      failure = e;
      tokens.pause();
    }
    if (queue.length > 1000) tokens.pause();
    notify();
  });
  tokens.on('end', () => {
    ended = true;
    notify();
  });
  tokens.on('error', (e) => {
    failure ??= e;
    notify();
  });
  try {
    for (;;) {
      if (o.signal?.aborted) throw new ImportError(name, { index: lastIndex + 1 }, 'cancelled', 'import cancelled');
      if (queue.length) {
        const ready = queue.splice(0, queue.length);
        if (!failure) tokens.resume();
        for (const ev of ready) yield ev;
        continue;
      }
      if (failure) throw failure;
      if (ended) break;
      await new Promise<void>((r) => (wake = r));
    }
    if (frames.length > 0) throw new ImportError(name, { index: lastIndex + 1 }, 'truncated', 'the file ends in the middle of the JSON (an incomplete export?)');
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const msg = (e as Error).message ?? String(e);
    // The tokenizer's complaint at the very end of the file means the file was cut short.
    const truncated = frames.length > 0 && source.bytesRead >= fs.statSync(file).size;
    throw new ImportError(name, { index: lastIndex + 1 }, truncated ? 'truncated' : 'malformed', truncated ? 'the file ends in the middle of the JSON (an incomplete export?)' : `not valid JSON: ${msg}`);
  } finally {
    source.destroy();
    tokens.destroy();
  }
}
