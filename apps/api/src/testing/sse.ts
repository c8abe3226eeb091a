export interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: unknown;
}

/**
 * Reads Server-Sent Events from a fetch Response. `next()` resolves with the next event (comments
 * skipped); `close()` cancels the stream. A guard rejects if nothing arrives, so a broken fan-out
 * fails the test instead of hanging it.
 */
export function sseReader(res: Response, guardMs = 15_000) {
  if (!res.body) throw new Error('no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseMessage[] = [];

  const parse = () => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end < 0) return;
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        const colon = line.indexOf(':');
        const name = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        fields[name] = fields[name] === undefined ? value : `${fields[name]}\n${value}`;
      }
      if (fields.data === undefined) continue;
      queue.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
    }
  };

  return {
    async next(): Promise<SseMessage> {
      const guard = new Promise<never>((_, reject) => {
        const timer = setTimeout(() => reject(new Error('no SSE event arrived')), guardMs);
        timer.unref();
      });
      while (queue.length === 0) {
        const { value, done } = await Promise.race([reader.read(), guard]);
        if (done) throw new Error('SSE stream ended');
        buffer += value;
        parse();
      }
      return queue.shift()!;
    },
    /** Events until one named `name` arrives (inclusive). */
    async until(name: string): Promise<SseMessage[]> {
      const seen: SseMessage[] = [];
      for (;;) {
        const message = await this.next();
        seen.push(message);
        if (message.event === name) return seen;
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
    },
  };
}
