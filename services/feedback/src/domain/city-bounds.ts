/**
 * Locations must fall inside the city. The bounds come from CITY_BOUNDS
 * ("south,west,north,east" in WGS84); the default box covers Helsinki.
 */
export interface CityBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export const HELSINKI_BOUNDS: CityBounds = { south: 59.92, west: 24.78, north: 60.3, east: 25.26 };

export function cityBoundsFromEnv(value: string | undefined): CityBounds {
  if (!value) return HELSINKI_BOUNDS;
  const [south, west, north, east] = value.split(',').map(Number);
  if ([south, west, north, east].some((n) => !Number.isFinite(n)) || south >= north || west >= east) {
    throw new Error(`CITY_BOUNDS must be "south,west,north,east", got "${value}"`);
  }
  return { south, west, north, east };
}

export function isInside(bounds: CityBounds, lat: number, lon: number): boolean {
  return lat >= bounds.south && lat <= bounds.north && lon >= bounds.west && lon <= bounds.east;
}
