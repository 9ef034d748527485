import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { metricsRegistry } from './metrics';
import { PublicRoute } from './public-route';

@PublicRoute()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
