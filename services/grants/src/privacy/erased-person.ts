/**
 * What a sign-in subject becomes where the record must stay but the person must go: the
 * columns are NOT NULL (a booking has a booker, an application its maker) and no sign-in can
 * ever carry this value, so the record keeps its shape and names no one.
 */
export const ERASED_PERSON = 'erased';
