/**
 * A deadline over the time this process was running. A timer that fires much later than it was
 * set for means the process was not running in between (paused with SIGSTOP, a frozen VM, a
 * starved event loop): whatever the other side sent meanwhile still waits unread in the socket,
 * and Node runs expired timers before it reads sockets. Taken as a timeout, an SMTP server's `250`
 * for a message it had already accepted was read as a failure, the message went out again, and
 * the chaos suite counted every email in flight at a pause twice. So a late timer starts a fresh
 * period instead of expiring, and only a period that ran on time expires.
 */
export class RunningTimeDeadline {
  /** How late a timer may fire and still count as having run on time. */
  static readonly lateAfterMs = 1_000;
  private timer?: NodeJS.Timeout;
  private done = false;

  constructor(
    private readonly periodMs: number,
    private readonly onExpired: () => void,
  ) {
    this.arm();
  }

  clear(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  private arm(): void {
    const due = Date.now() + this.periodMs;
    this.timer = setTimeout(() => {
      if (this.done) return;
      if (Date.now() - due > RunningTimeDeadline.lateAfterMs) this.arm();
      else {
        this.done = true;
        this.onExpired();
      }
    }, this.periodMs);
  }
}
