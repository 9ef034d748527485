/**
 * When a booking's door code opens the door: from `leadMinutes` before the booking begins (to
 * set up, as the space's buffer allows) to `trailMinutes` after it ends (to leave). Pure, so
 * the window is the same whichever process asks.
 */
export function doorCodeWindow(
  booking: { begin: Date; end: Date },
  { leadMinutes, trailMinutes }: { leadMinutes: number; trailMinutes: number },
): { validFrom: Date; validUntil: Date } {
  return {
    validFrom: new Date(booking.begin.getTime() - leadMinutes * 60_000),
    validUntil: new Date(booking.end.getTime() + trailMinutes * 60_000),
  };
}
