/**
 * HTTP contract of the premises part of services/grants (port 3004), under `/premises/…`:
 * spaces, availability, bookings, season bookings, door access, calendars. One file per
 * feature, re-exported here.
 */
export * from './spaces';
export * from './bookings';
export * from './door-access';
export * from './calendars';
export * from './seasons';
