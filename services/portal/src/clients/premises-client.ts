import { PremisesHttp } from '@vaikuta/contracts';
import { CallOptions, ServiceClient } from './service-client';

type Query = NonNullable<CallOptions['query']>;
const seg = encodeURIComponent;
/** Page requests must not hang on a slow service. */
const QUICK = 5000;

/**
 * The premises half of the grants service (`/premises/…`: spaces, availability, bookings,
 * door access, calendars, seasons), read through its HTTP contract
 * (libs/contracts/src/http/premises). A client of its own over the same service, so the two
 * halves' pages grow apart like the service's feature folders.
 */
export class PremisesClient extends ServiceClient {
  spaces(query: Query): Promise<PremisesHttp.SpaceList> {
    return this.read(PremisesHttp.spaceList, '/premises/spaces', { query, timeoutMs: QUICK });
  }

  /** 404 when there is no such space. */
  space(spaceId: string): Promise<PremisesHttp.SpaceDetail> {
    return this.read(PremisesHttp.spaceDetail, `/premises/spaces/${seg(spaceId)}`, { timeoutMs: QUICK });
  }

  /** Free windows between two local dates (both included). */
  availability(spaceId: string, from: string, to: string): Promise<PremisesHttp.Availability> {
    return this.read(PremisesHttp.availability, `/premises/spaces/${seg(spaceId)}/availability`, { query: { from, to }, timeoutMs: QUICK });
  }

  /** 201 with the booking (confirmed, or requiring handling); 409 on a clash, 422 naming a broken rule. */
  book(spaceId: string, body: PremisesHttp.CreateBookingRequest, token: string, idempotencyKey: string): Promise<PremisesHttp.Booking> {
    return this.send(PremisesHttp.booking, `/premises/spaces/${seg(spaceId)}/bookings`, body, { token, headers: { 'idempotency-key': idempotencyKey } });
  }

  staffBook(spaceId: string, body: PremisesHttp.StaffBookingRequest, token: string, idempotencyKey: string): Promise<PremisesHttp.StaffBookingView> {
    return this.send(PremisesHttp.staffBookingView, `/premises/spaces/${seg(spaceId)}/staff-bookings`, body, { token, headers: { 'idempotency-key': idempotencyKey } });
  }

  block(spaceId: string, body: PremisesHttp.MaintenanceBlockRequest, token: string, idempotencyKey: string): Promise<PremisesHttp.StaffBookingView> {
    return this.send(PremisesHttp.staffBookingView, `/premises/spaces/${seg(spaceId)}/blocks`, body, { token, headers: { 'idempotency-key': idempotencyKey } });
  }

  mine(token: string, cursor?: string): Promise<PremisesHttp.BookingList> {
    return this.read(PremisesHttp.bookingList, '/premises/bookings/mine', { token, query: { cursor, limit: 50 }, timeoutMs: QUICK });
  }

  /** The booker's own booking, or any for premises staff (with who booked); 404 otherwise. */
  booking(bookingId: string, token: string): Promise<PremisesHttp.Booking | PremisesHttp.StaffBookingView> {
    return this.read(PremisesHttp.staffBookingView.or(PremisesHttp.booking), `/premises/bookings/${seg(bookingId)}`, { token, timeoutMs: QUICK });
  }

  /** The door code (once issued) or key pick-up instructions. */
  access(bookingId: string, token: string): Promise<PremisesHttp.BookingAccess> {
    return this.read(PremisesHttp.bookingAccess, `/premises/bookings/${seg(bookingId)}/access`, { token, timeoutMs: QUICK });
  }

  cancel(bookingId: string, body: PremisesHttp.CancelBookingRequest, token: string): Promise<PremisesHttp.Booking> {
    return this.send(PremisesHttp.booking, `/premises/bookings/${seg(bookingId)}/cancel`, body, { token });
  }

  queue(token: string, query: Query = {}): Promise<PremisesHttp.BookingQueue> {
    return this.read(PremisesHttp.bookingQueue, '/premises/bookings/queue', { token, query: { limit: 100, ...query }, timeoutMs: QUICK });
  }

  confirm(bookingId: string, body: PremisesHttp.ConfirmBookingRequest, token: string): Promise<PremisesHttp.StaffBookingView> {
    return this.send(PremisesHttp.staffBookingView, `/premises/bookings/${seg(bookingId)}/confirm`, body, { token });
  }

  deny(bookingId: string, body: PremisesHttp.DenyBookingRequest, token: string): Promise<PremisesHttp.StaffBookingView> {
    return this.send(PremisesHttp.staffBookingView, `/premises/bookings/${seg(bookingId)}/deny`, body, { token });
  }

  createSpace(body: PremisesHttp.SpaceRequest, token: string, idempotencyKey: string): Promise<PremisesHttp.SpaceDetail> {
    return this.send(PremisesHttp.spaceDetail, '/premises/spaces', body, { token, headers: { 'idempotency-key': idempotencyKey } });
  }

  async updateSpace(spaceId: string, body: PremisesHttp.UpdateSpaceRequest, token: string): Promise<PremisesHttp.SpaceDetail> {
    return this.checked(PremisesHttp.spaceDetail, await this.put<unknown>(`/premises/spaces/${seg(spaceId)}`, body, { token }));
  }

  /** The person's secret feed address; each call replaces (rotates) the previous one. */
  calendarToken(lang: PremisesHttp.FeedLanguage, token: string): Promise<PremisesHttp.CalendarToken> {
    return this.send(PremisesHttp.calendarToken, '/premises/calendar-token', { lang }, { token });
  }

  seasons(): Promise<PremisesHttp.SeasonList> {
    return this.read(PremisesHttp.seasonList, '/premises/seasons', { timeoutMs: QUICK });
  }

  /** 404 when there is no such season. */
  season(seasonId: string): Promise<PremisesHttp.Season> {
    return this.read(PremisesHttp.season, `/premises/seasons/${seg(seasonId)}`, { timeoutMs: QUICK });
  }

  seasonApplications(seasonId: string, token: string): Promise<PremisesHttp.SeasonApplicationList> {
    return this.read(PremisesHttp.seasonApplicationList, `/premises/seasons/${seg(seasonId)}/applications`, { token, timeoutMs: QUICK });
  }

  /** Allocates (again, until published); 409 when the season changed meanwhile or is published. */
  allocate(seasonId: string, body: PremisesHttp.SeasonStepRequest, token: string): Promise<PremisesHttp.SeasonApplicationList> {
    return this.send(PremisesHttp.seasonApplicationList, `/premises/seasons/${seg(seasonId)}/allocate`, body, { token });
  }

  publish(seasonId: string, body: PremisesHttp.SeasonStepRequest, token: string): Promise<PremisesHttp.SeasonPublication> {
    return this.send(PremisesHttp.seasonPublication, `/premises/seasons/${seg(seasonId)}/publish`, body, { token });
  }

  /** 201 with the application; 400 naming the field, 403 when the person does not act for the association, 409 once the season is no longer open. */
  applyForSeason(seasonId: string, body: PremisesHttp.SeasonApplicationRequest, token: string, idempotencyKey: string): Promise<PremisesHttp.SeasonApplication> {
    return this.send(PremisesHttp.seasonApplication, `/premises/seasons/${seg(seasonId)}/applications`, body, { token, headers: { 'idempotency-key': idempotencyKey } });
  }

  /** The season's applications of the associations the person acts for, with their allocation. */
  mySeasonApplications(seasonId: string, token: string): Promise<PremisesHttp.SeasonApplicationList> {
    return this.read(PremisesHttp.seasonApplicationList, `/premises/seasons/${seg(seasonId)}/applications/mine`, { token, timeoutMs: QUICK });
  }

  /** Cancels the series' bookings still to come; 404 when there is no such application in the season. */
  cancelSeries(seasonId: string, applicationId: string, body: PremisesHttp.CancelSeriesRequest, token: string): Promise<PremisesHttp.SeasonSeries> {
    return this.send(PremisesHttp.seasonSeries, `/premises/seasons/${seg(seasonId)}/applications/${seg(applicationId)}/cancel-series`, body, { token });
  }
}
