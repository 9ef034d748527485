// Types for scripts/geocoder-stub.mjs, so TypeScript tests can start the development geocoder.

export interface StubPlace {
  lat: string;
  lon: string;
  display_name: string;
  address: { road: string; house_number?: string; postcode: string; suburb: string; city: string };
}

export interface GeocoderStub {
  /** What GEOCODER_URL should be, e.g. http://127.0.0.1:1082 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startGeocoderStub(options?: { port?: number; host?: string }): Promise<GeocoderStub>;
export function search(q: string, lang?: string, limit?: number): StubPlace[];
export function reverse(lat: number, lon: number, lang?: string): StubPlace | undefined;
