import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { PremisesHttp } from '@vaikuta/contracts';
import { Idempotent, IdempotentRequestId, UuidPipe } from '@vaikuta/http';
import { BookingHandlingService } from './booking-handling.service';
import { BookingIntakeService } from './booking-intake.service';
import { BookingReaderService } from './booking-reader.service';

const uuid = new UuidPipe();

/** Booking a space and asking its free time. */
@ApiTags('bookings')
@Controller('premises/spaces')
export class SpaceBookingsController {
  constructor(
    private readonly intake: BookingIntakeService,
    private readonly reader: BookingReaderService,
  ) {}

  @Get(':spaceId/availability')
  @Public()
  @ApiOperation({ summary: 'Free windows on local days ?from=YYYY-MM-DD&to=YYYY-MM-DD (at most 92 days) that meet every rule; times with offsets' })
  availability(@Param('spaceId', uuid) spaceId: string, @Query({ schema: PremisesHttp.availabilityQuery }) query: PremisesHttp.AvailabilityQuery) {
    return this.reader.availability(spaceId, query);
  }

  @Post(':spaceId/bookings')
  @Authenticated()
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Book {begin, end} (ISO 8601 with offset) → 201 {id, state: requires_handling | confirmed}; 409 when the time is taken, 422 naming a broken rule',
  })
  book(
    @Param('spaceId', uuid) spaceId: string,
    @Body({ schema: PremisesHttp.createBookingRequest }) body: PremisesHttp.CreateBookingRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.intake.book(spaceId, body, user, requestId);
  }

  @Post(':spaceId/staff-bookings')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Staff book on a person’s behalf ({begin, end, bookerSub}): confirmed at once' })
  bookOnBehalf(
    @Param('spaceId', uuid) spaceId: string,
    @Body({ schema: PremisesHttp.staffBookingRequest }) body: PremisesHttp.StaffBookingRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.intake.bookOnBehalf(spaceId, body, user, requestId);
  }

  @Post(':spaceId/blocks')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Block time for maintenance ({begin, end, reason}); 409 where a booking holds it' })
  block(
    @Param('spaceId', uuid) spaceId: string,
    @Body({ schema: PremisesHttp.maintenanceBlockRequest }) body: PremisesHttp.MaintenanceBlockRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.intake.block(spaceId, body, user, requestId);
  }
}

/** A person's own bookings, the managers' queue, and a booking's steps. */
@ApiTags('bookings')
@Controller('premises/bookings')
export class BookingsController {
  constructor(
    private readonly reader: BookingReaderService,
    private readonly handling: BookingHandlingService,
  ) {}

  @Get('mine')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller’s bookings, latest first ({items, nextCursor})' })
  mine(@Query({ schema: PremisesHttp.bookingListQuery }) query: PremisesHttp.BookingListQuery, @CurrentUser() user: AuthUser) {
    return this.reader.mine(user, query);
  }

  @Get('queue')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Bookings requiring handling, soonest first; ?spaceId' })
  queue(@Query({ schema: PremisesHttp.bookingQueueQuery }) query: PremisesHttp.BookingQueueQuery) {
    return this.reader.queue(query);
  }

  @Get(':bookingId')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A booking: the booker’s own, or any for premises staff' })
  detail(@Param('bookingId', uuid) bookingId: string, @CurrentUser() user: AuthUser) {
    return this.handling.detail(bookingId, user);
  }

  @Post(':bookingId/confirm')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A manager confirms a booking requiring handling ({version})' })
  confirm(@Param('bookingId', uuid) bookingId: string, @Body({ schema: PremisesHttp.confirmBookingRequest }) body: PremisesHttp.ConfirmBookingRequest, @CurrentUser() user: AuthUser) {
    return this.handling.confirm(bookingId, body, user);
  }

  @Post(':bookingId/deny')
  @Roles('premises_manager', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A manager denies a booking requiring handling ({version, reason}); the reason is told to the booker' })
  deny(@Param('bookingId', uuid) bookingId: string, @Body({ schema: PremisesHttp.denyBookingRequest }) body: PremisesHttp.DenyBookingRequest, @CurrentUser() user: AuthUser) {
    return this.handling.deny(bookingId, body, user);
  }

  @Post(':bookingId/cancel')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel ({version, reason?}): the booker before the cancellation deadline, premises staff any time' })
  cancel(@Param('bookingId', uuid) bookingId: string, @Body({ schema: PremisesHttp.cancelBookingRequest }) body: PremisesHttp.CancelBookingRequest, @CurrentUser() user: AuthUser) {
    return this.handling.cancel(bookingId, body, user);
  }
}
