import { ServiceClient } from './service-client';

/**
 * The premises half of the grants service (`/premises/…`: spaces, availability, bookings,
 * door access, calendars, seasons), read through its HTTP contract
 * (libs/contracts/src/http/premises). A client of its own over the same service, so the two
 * halves' pages grow apart like the service's feature folders.
 */
export class PremisesClient extends ServiceClient {}
