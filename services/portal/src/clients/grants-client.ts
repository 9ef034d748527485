import { ServiceClient } from './service-client';

/**
 * The grants half of the grants service (`/grants/…`: associations, grant rounds and the
 * vuosikello, applications), read through its HTTP contract (libs/contracts/src/http/grants):
 * every answer is checked against it.
 */
export class GrantsClient extends ServiceClient {}
