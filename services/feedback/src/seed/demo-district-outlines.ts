import type { Ring } from '../catalog/district-boundaries';

/**
 * Rough outlines of the demo districts, [lon, lat]: our own simple hexagons around each
 * district's streets (those of scripts/geocoder-stub.mjs), not the city's real boundaries.
 * A deployment loads its city's own outlines instead.
 */
export const DEMO_DISTRICT_OUTLINES: Record<string, Ring> = {
  kallio: [[24.938, 60.18], [24.962, 60.179], [24.965, 60.186], [24.96, 60.192], [24.94, 60.191], [24.936, 60.185]],
  kamppi: [[24.924, 60.16], [24.944, 60.16], [24.945, 60.167], [24.94, 60.173], [24.926, 60.173], [24.922, 60.166]],
  lauttasaari: [[24.862, 60.15], [24.895, 60.151], [24.898, 60.16], [24.888, 60.168], [24.866, 60.167], [24.858, 60.158]],
  kannelmaki: [[24.865, 60.235], [24.895, 60.235], [24.898, 60.242], [24.89, 60.249], [24.868, 60.248], [24.862, 60.241]],
  malmi: [[25.0, 60.245], [25.03, 60.245], [25.032, 60.252], [25.025, 60.259], [25.003, 60.258], [24.998, 60.251]],
  itakeskus: [[25.07, 60.205], [25.095, 60.205], [25.098, 60.212], [25.092, 60.219], [25.073, 60.219], [25.068, 60.212]],
};
