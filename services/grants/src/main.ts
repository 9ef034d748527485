import 'reflect-metadata';
import { startService } from '@vaikuta/service-kit';
import { GrantsAppModule } from './app.module';
import { loadGrantsConfig } from './grants-config';

startService({
  service: 'grants',
  config: () => loadGrantsConfig(),
  app: GrantsAppModule,
  title: 'Vaikuta grants and premises service',
  description: 'Grants (avustukset) for associations and premises booking (tilavaraus): associations, grant rounds, applications, spaces, bookings, season bookings, door codes, calendars',
});
