/** Time as the service sees it: injected so the legal clocks are tested on fake time. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
