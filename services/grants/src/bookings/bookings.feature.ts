import { auditTableMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { CreateBookings1766000000220 } from '../migrations/1766000000220-CreateBookings';
import { Booking } from './booking.entity';
import { BookingHandlingService } from './booking-handling.service';
import { BookingIntakeService } from './booking-intake.service';
import { BookingReaderService } from './booking-reader.service';
import { BookingRepository } from './booking.repository';
import { BookingsController, SpaceBookingsController } from './bookings.controller';

/** Bookings of spaces, never overlapping (an exclusion constraint), and their availability. */
export const bookingsFeature: GrantsFeature = {
  controllers: [SpaceBookingsController, BookingsController],
  providers: [BookingRepository, BookingIntakeService, BookingHandlingService, BookingReaderService],
  entities: [Booking],
  migrations: [CreateBookings1766000000220, auditTableMigration({ table: 'booking_audit', timestamp: 1766000000230, references: 'bookings(id)' })],
};
