import { HttpException, HttpStatus } from '@nestjs/common';
type Breach = { rule: string; field: string; message: string };

/**
 * A booking that breaks a space's rules: 422 naming each rule (`rules`) and the field it concerns
 * (`errors`). A rule broken the same way on two fields (a begin and an end both off the start
 * interval's grid: one sentence, "Bookings begin and end on the grid") is listed once, on the
 * first field, so the detail and the form's error summary do not say it twice.
 */
export class BookingRuleProblem extends HttpException {
  constructor(breaches: readonly Breach[]) {
    const listed = onceEach(breaches);
    super(
      {
        title: 'The booking breaks the space’s rules',
        detail: listed.map((b) => `${b.rule}: ${b.message}`).join('; '),
        rules: [...new Set(listed.map((b) => b.rule))],
        errors: listed.map((b) => ({ field: b.field, message: b.message })),
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
}

function onceEach(breaches: readonly Breach[]): Breach[] {
  return breaches.filter((b, i) => breaches.findIndex((other) => other.rule === b.rule && other.message === b.message) === i);
}

/** The time (with buffers) is already held: answered when the database's exclusion constraint refuses the row. */
export class BookingClashProblem extends HttpException {
  constructor() {
    super(
      {
        title: 'The time is already booked',
        detail: 'Another booking or a maintenance block holds this time, or the set-up and clean-up time around it. Ask the availability again and choose another time.',
      },
      HttpStatus.CONFLICT,
    );
  }
}

/** A step the booking's state does not allow (confirming a cancelled booking, say). */
export class BookingStateProblem extends HttpException {
  constructor(state: string, step: string) {
    super({ title: 'Not possible in this state', detail: `A booking that is ${state} cannot be ${step}`, state }, HttpStatus.CONFLICT);
  }
}

/** The space's rules changed between reading them and booking: the booking was not made under the rules now in force. */
export class SpaceChangedProblem extends HttpException {
  constructor() {
    super(
      {
        title: 'The space’s rules changed',
        detail: 'The space’s rules or opening hours were changed while this booking was being made. Read the space and its availability again and book anew.',
      },
      HttpStatus.CONFLICT,
    );
  }
}
