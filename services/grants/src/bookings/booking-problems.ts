import { HttpException, HttpStatus } from '@nestjs/common';
/** A booking that breaks a space's rules: 422 naming each rule (`rules`) and the field it concerns (`errors`). */
export class BookingRuleProblem extends HttpException {
  constructor(breaches: readonly { rule: string; field: string; message: string }[]) {
    super(
      {
        title: 'The booking breaks the space’s rules',
        detail: breaches.map((b) => `${b.rule}: ${b.message}`).join('; '),
        rules: [...new Set(breaches.map((b) => b.rule))],
        errors: breaches.map((b) => ({ field: b.field, message: b.message })),
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
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
