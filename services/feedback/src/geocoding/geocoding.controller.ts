import { Controller, Get, Inject, Logger, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@vaikuta/auth';
import { ValidationProblem } from '@vaikuta/http';
import { isInside } from '../domain/city-bounds';
import { DistrictLocator } from '../catalog/district-locator.service';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { GEOCODER, Geocoder, GeocoderUnavailable } from './geocoder';
import { GeocodeQuery, geocodeQuerySchema, PointQuery, pointQuerySchema } from './geocoding.schemas';

/**
 * Address search for the report form. The portal asks here, never a third party: the
 * provider is configuration, residents' searches are not sent from their browsers to it,
 * and the tests go the same way.
 */
@ApiTags('geocoding')
@Controller('feedback/geocode')
@Public()
export class GeocodingController {
  private readonly logger = new Logger(GeocodingController.name);

  constructor(
    @Inject(GEOCODER) private readonly geocoder: Geocoder,
    private readonly districts: DistrictLocator,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Addresses in the city matching a typed query' })
  async search(@Query({ schema: geocodeQuerySchema }) query: GeocodeQuery) {
    try {
      const found = await this.geocoder.search(query.q, query.lang, query.limit);
      return { items: found.filter((p) => isInside(this.config.cityBounds, p.lat, p.lon)) };
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /**
   * The address and district at a point. The district comes from the city's own outlines, so
   * it is there even when the geocoder is down or knows no address (then `address` is null).
   */
  @Get('reverse')
  @ApiOperation({ summary: 'The address and district at a point' })
  async reverse(@Query({ schema: pointQuerySchema }) query: PointQuery) {
    if (!isInside(this.config.cityBounds, query.lat, query.lon)) throw ValidationProblem.field('lat', 'The location is outside the city');
    const district = (await this.districts.districtAt(query.lat, query.lon, query.lang)) ?? null;
    let place;
    let geocoderAvailable = true;
    try {
      place = await this.geocoder.reverse(query.lat, query.lon, query.lang);
    } catch (error) {
      if (!(error instanceof GeocoderUnavailable)) throw error;
      this.logger.warn(`reverse geocoding failed: ${error.message}`);
      geocoderAvailable = false;
    }
    return { lat: query.lat, lon: query.lon, address: place?.address ?? null, label: place?.label ?? null, district, geocoderAvailable };
  }

  private unavailable(error: unknown): Error {
    if (!(error instanceof GeocoderUnavailable)) return error as Error;
    // The query is the resident's typing, perhaps their own address: never in the log.
    this.logger.warn(`address search failed: ${error.message}`);
    return new ServiceUnavailableException('Address search is not available right now; place the pin on the map or type the address');
  }
}
