import type { Provider } from '@nestjs/common';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { GEOCODER, NoGeocoder } from './geocoder';
import { NominatimGeocoder } from './nominatim-geocoder';

/** The configured provider (GEOCODER_PROVIDER, GEOCODER_URL). */
export const geocoderProvider: Provider = {
  provide: GEOCODER,
  inject: [FEEDBACK_CONFIG],
  useFactory: (config: FeedbackConfig) =>
    config.geocoder.provider === 'none'
      ? new NoGeocoder()
      : new NominatimGeocoder({ url: config.geocoder.url, timeoutMs: config.geocoder.timeoutMs, bounds: config.cityBounds }),
};
