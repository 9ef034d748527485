import { z } from 'zod';
import { GeocodedPlace, Geocoder, GeocoderUnavailable } from './geocoder';
import { CityBounds } from '../domain/city-bounds';

const place = z.object({
  lat: z.coerce.number(),
  lon: z.coerce.number(),
  display_name: z.string(),
  address: z
    .object({ road: z.string().optional(), pedestrian: z.string().optional(), house_number: z.string().optional() })
    .loose()
    .optional(),
});
type Place = z.infer<typeof place>;

/**
 * A Nominatim-compatible provider (its /search and /reverse in format=jsonv2): OpenStreetMap's
 * own, a city's self-hosted one, or scripts/geocoder-stub.mjs. Searches are limited to the
 * city's bounds, so "Kirkkokatu" finds the one in this city.
 */
export class NominatimGeocoder implements Geocoder {
  constructor(
    private readonly options: { url: string; timeoutMs: number; bounds: CityBounds },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async search(query: string, lang: string, limit: number): Promise<GeocodedPlace[]> {
    const b = this.options.bounds;
    const body = await this.get('/search', {
      q: query,
      format: 'jsonv2',
      addressdetails: '1',
      limit: String(limit),
      'accept-language': lang,
      viewbox: `${b.west},${b.north},${b.east},${b.south}`,
      bounded: '1',
    });
    const parsed = z.array(place).safeParse(body);
    if (!parsed.success) throw new GeocoderUnavailable('the geocoder answered in an unexpected format');
    return parsed.data.map(toPlace);
  }

  async reverse(lat: number, lon: number, lang: string): Promise<GeocodedPlace | undefined> {
    const body = await this.get('/reverse', { lat: String(lat), lon: String(lon), format: 'jsonv2', addressdetails: '1', 'accept-language': lang });
    // Nominatim answers 200 {"error": "Unable to geocode"} where it knows no address.
    if (body && typeof body === 'object' && 'error' in body) return undefined;
    const parsed = place.safeParse(body);
    if (!parsed.success) throw new GeocoderUnavailable('the geocoder answered in an unexpected format');
    return toPlace(parsed.data);
  }

  private async get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = `${this.options.url}${path}?${new URLSearchParams(params)}`;
    let res: Response;
    try {
      // Nominatim's usage policy asks for an identifying User-Agent.
      res = await this.fetchImpl(url, { headers: { 'User-Agent': 'Vaikuta feedback service', Accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      throw new GeocoderUnavailable(`the geocoder did not answer: ${(error as Error).name}`);
    }
    if (!res.ok) throw new GeocoderUnavailable(`the geocoder answered ${res.status}`);
    try {
      return await res.json();
    } catch {
      throw new GeocoderUnavailable('the geocoder answered something other than JSON');
    }
  }
}

function toPlace(p: Place): GeocodedPlace {
  const road = p.address?.road ?? p.address?.pedestrian;
  const address = road ? [road, p.address?.house_number].filter(Boolean).join(' ') : p.display_name.split(',')[0].trim();
  return { address, label: p.display_name, lat: p.lat, lon: p.lon };
}
