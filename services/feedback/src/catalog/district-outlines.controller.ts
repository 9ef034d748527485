import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@vaikuta/auth';
import { langQuerySchema } from '../geocoding/geocoding.schemas';
import { DistrictLocator } from './district-locator.service';

@ApiTags('catalog')
@Controller('feedback/districts')
@Public()
export class DistrictOutlinesController {
  constructor(private readonly districts: DistrictLocator) {}

  /** The districts' outlines for maps (the report form's, the public map), GeoJSON [lon, lat]. */
  @Get('outlines')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'District outlines as a GeoJSON FeatureCollection' })
  async outlines(@Query({ schema: langQuerySchema }) query: { lang: string }) {
    return this.districts.outlines(query.lang);
  }
}
