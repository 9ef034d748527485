import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { ErasureRequestInput, erasureRequestSchema } from './erasure.schemas';
import { ErasureResult, PersonalDataErasureService } from './personal-data-erasure.service';

/**
 * The right to erasure. The feedback service takes the request — from city staff handling a
 * written one, or from the signed-in person — erases what it holds and publishes
 * `privacy.erasure_requested` for every other service holding personal data (docs/adr/0005).
 * Answers 202: this service is done, the others follow from the event.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('feedback')
export class ErasureController {
  constructor(private readonly erasure: PersonalDataErasureService) {}

  @Post('admin/erasure-requests')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Erase a person’s contact details everywhere, from a written request (email, phone or sign-in subject)' })
  request(@CurrentUser() user: AuthUser, @Body({ schema: erasureRequestSchema }) body: ErasureRequestInput): Promise<ErasureResult> {
    return this.erasure.erase(body, { channel: 'staff', actorId: user.sub, actorRole: 'admin' });
  }

  @Post('my/erasure')
  @Authenticated()
  @HttpCode(202)
  @ApiOperation({ summary: 'Erase my contact details and my link to what I sent while signed in, everywhere' })
  mine(@CurrentUser() user: AuthUser): Promise<ErasureResult> {
    // Only the contacts the identity provider vouches for are matched beyond what the person
    // sent while signed in: anyone can type anyone's email into a form (ADR 0005, 2026-12-03).
    const target = { subjectId: user.sub, ...(user.verifiedEmail ? { email: user.verifiedEmail } : {}), ...(user.verifiedPhone ? { phone: user.verifiedPhone } : {}) };
    // The audit trail must not name the person being forgotten.
    return this.erasure.erase(target, { channel: 'self', actorId: 'anonymous', actorRole: 'resident' });
  }
}
