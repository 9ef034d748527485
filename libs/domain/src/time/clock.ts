/**
 * Time as a service sees it, injected (Nest provider token `Clock`) so deadlines, phases and
 * legal clocks are tested on fake time instead of by waiting.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock a test sets by hand. */
export class FakeClock extends Clock {
  constructor(public current = new Date()) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
}
