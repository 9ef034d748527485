import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@vaikuta/auth';
import { UuidPipe } from '@vaikuta/http';
import { DoorAccessService } from './door-access.service';

const uuid = new UuidPipe();

/** How a booker gets in: a door code, where to pick up the key, or nothing to do. */
@ApiTags('door-access')
@Controller('premises/bookings')
export class DoorAccessController {
  constructor(private readonly doorAccess: DoorAccessService) {}

  @Get(':bookingId/access')
  @Authenticated()
  @ApiBearerAuth()
  // A door code must not stay in a shared cache or the browser's history of answers.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Access to a booked space: the door code with its validity (pending until the lock provider gives it), key pick-up, or none; the booker and premises staff only',
  })
  access(@Param('bookingId', uuid) bookingId: string, @CurrentUser() user: AuthUser) {
    return this.doorAccess.access(bookingId, user);
  }
}
