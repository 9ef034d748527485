/**
 * Closes BullMQ objects without waiting forever: while Redis is away, `close()` waits for
 * a connection that may never come back, and a shutdown must still finish.
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
