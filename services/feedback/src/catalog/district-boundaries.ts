/** A ring of [lon, lat] pairs (GeoJSON's order), first point not repeated at the end. */
export type Ring = [number, number][];

/** PostgreSQL's polygon literal for a ring: ((lon,lat),…), x = longitude as in GeoJSON. */
export function ringToPolygon(ring: Ring): string {
  if (ring.length < 3) throw new Error('a district outline needs at least three points');
  return `(${ring.map(([lon, lat]) => `(${lon},${lat})`).join(',')})`;
}

/** The polygon as PostgreSQL returns it, "((24.9,60.1),(…))", back to a closed GeoJSON ring. */
export function polygonToRing(value: string): [number, number][] {
  const points = [...value.matchAll(/\(\s*(-?[\d.e+-]+)\s*,\s*(-?[\d.e+-]+)\s*\)/gi)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
  return points.length ? [...points, points[0]] : [];
}
