/**
 * The longest path parameter the router passes to a route (Fastify's maxParamLength, counted
 * in characters after percent-decoding); a longer one is a 414 before routing. Validation
 * accepts ids and personal-data subjects of up to 255 characters, so every value it accepts
 * must reach its route, where a value over the field's own limit is a 400 naming the field.
 * Twice that leaves room, and still bounds what the router copies out of a request line.
 */
export const MAX_PATH_PARAM_LENGTH = 512;
