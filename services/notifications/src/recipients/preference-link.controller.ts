import { Body, Controller, Get, NotFoundException, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '@vaikuta/auth';
import { ValidationProblem } from '@vaikuta/http';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { LinkPreferencesInput, linkPreferencesSchema } from './preferences.schema';
import { RecipientService } from './recipient.service';

const tokenQuery = z.object({ token: z.string().max(2048, 'The link is too long').optional() });

/**
 * Preferences through the signed "change settings" link of a message, for recipients who
 * never signed in. The link's token (PreferenceLinkTokens: signed, expiring) is the only
 * credential; a bad or expired one answers 403 naming the token, an erased recipient 404.
 */
@ApiTags('preferences')
@Public()
@Controller('notifications/preferences/link')
export class PreferenceLinkController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly recipients: RecipientService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The preferences the signed link in a message opens (addresses masked)' })
  async get(@Query({ schema: tokenQuery }) query: z.infer<typeof tokenQuery>) {
    const prefs = await this.recipients.linkPreferences(this.recipientOf(query.token));
    if (!prefs) throw new NotFoundException('Nothing is kept for this link any more');
    return prefs;
  }

  @Put()
  @ApiOperation({ summary: 'Change language, channels, digest and topics through the signed link (not the addresses)' })
  async put(@Query({ schema: tokenQuery }) query: z.infer<typeof tokenQuery>, @Body({ schema: linkPreferencesSchema }) body: LinkPreferencesInput) {
    const prefs = await this.recipients.updateLinkPreferences(this.recipientOf(query.token), body);
    if (!prefs) throw new NotFoundException('Nothing is kept for this link any more');
    return prefs;
  }

  private recipientOf(token: string | undefined): string {
    const recipientId = this.links.preferenceTokens.verify(token);
    if (!recipientId) throw ValidationProblem.field('token', 'This link does not work: it is old, incomplete or altered', 403);
    return recipientId;
  }
}
