/** A place an address search found, or the address at a point. */
export interface GeocodedPlace {
  /** What the form's address field gets: "Helsinginkatu 12". */
  address: string;
  /** The longer label for a list of results: "Helsinginkatu 12, Kallio, 00530, Helsinki". */
  label: string;
  lat: number;
  lon: number;
}

/**
 * Address search for the report form's map. A provider (Nominatim, a city's own service, the
 * development stand-in) sits behind this, chosen by configuration (GEOCODER_PROVIDER).
 */
export interface Geocoder {
  /** Addresses matching a typed query, best first. */
  search(query: string, lang: string, limit: number): Promise<GeocodedPlace[]>;
  /** The address at a point, or undefined where the provider knows none. */
  reverse(lat: number, lon: number, lang: string): Promise<GeocodedPlace | undefined>;
}

export const GEOCODER = Symbol('GEOCODER');

/** The provider did not answer usefully: the page says "search is not available", not a 500. */
export class GeocoderUnavailable extends Error {}

/** GEOCODER_PROVIDER=none: the map still places pins; searching says it is not available. */
export class NoGeocoder implements Geocoder {
  async search(): Promise<GeocodedPlace[]> {
    throw new GeocoderUnavailable('no geocoder is configured');
  }
  async reverse(): Promise<GeocodedPlace | undefined> {
    throw new GeocoderUnavailable('no geocoder is configured');
  }
}
