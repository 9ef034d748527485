/**
 * Runs closers without waiting forever: while Redis is away, `quit()` waits for a
 * connection that may never come back, and a shutdown must still finish.
 */
export async function boundedClose(closers: (() => Promise<unknown>)[], timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  await Promise.race([Promise.allSettled(closers.map((close) => close())), deadline]);
  clearTimeout(timer);
}

/**
 * Quits politely within the bound, then drops the socket and waits (bounded) for the end.
 * A client between reconnect attempts has no socket: disconnecting it cancels the next
 * attempt, and there is nothing more to wait for.
 */
export async function closeRedis(redis: RedisLike, timeoutMs = 2000): Promise<void> {
  const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
  await boundedClose([() => redis.quit()], timeoutMs);
  redis.disconnect();
  if (redis.status === 'end' || redis.status === 'reconnecting') return;
  await boundedClose([() => ended], timeoutMs);
}

interface RedisLike {
  status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
  once(event: 'end', listener: () => void): unknown;
}
