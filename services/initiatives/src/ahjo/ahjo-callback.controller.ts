import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@vaikuta/auth';
import { InitiativesHttp } from '@vaikuta/contracts';
import { z } from 'zod';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { AhjoError } from './ahjo.client';
import { AhjoSyncService } from './ahjo-sync.service';

/** Equal secrets, compared in constant time (hashes first, so lengths do not leak either). */
function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

@ApiTags('ahjo')
@Controller('initiatives/ahjo')
export class AhjoCallbackController {
  constructor(
    private readonly sync: AhjoSyncService,
    @Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig,
  ) {}

  /** Ahjo's change notification; authenticated by the shared secret, not by a user's token. */
  @Post('callback')
  @Public()
  @HttpCode(202)
  @ApiHeader({ name: 'X-Ahjo-Secret', required: true, description: 'The shared secret (AHJO_CALLBACK_SECRET)' })
  @ApiOperation({ summary: 'Ahjo change callback {updatetype, id}: fetches the decision and adds it to linked initiatives' })
  async callback(
    @Headers('x-ahjo-secret') secret: string | undefined,
    @Body({ schema: InitiativesHttp.ahjoCallbackRequest }) body: z.infer<typeof InitiativesHttp.ahjoCallbackRequest>,
  ) {
    if (!sameSecret(secret, this.config.ahjo.callbackSecret)) throw new ForbiddenException('Unknown caller: send the shared secret in X-Ahjo-Secret');
    try {
      return { accepted: true, changed: await this.sync.handle(body.updatetype, body.id) };
    } catch (error) {
      // Ahjo retries a notification that was not taken: say so rather than 500.
      if (error instanceof AhjoError) throw new ServiceUnavailableException(`Ahjo could not be read: ${error.message}`);
      throw error;
    }
  }
}
