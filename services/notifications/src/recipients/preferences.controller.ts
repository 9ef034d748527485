import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@vaikuta/auth';
import { PreferencesInput, preferencesSchema } from './preferences.schema';
import { RecipientService } from './recipient.service';

@ApiTags('preferences')
@ApiBearerAuth()
@Controller('notifications/preferences')
@Authenticated()
export class PreferencesController {
  constructor(private readonly recipients: RecipientService) {}

  @Get()
  @ApiOperation({ summary: 'My language, channels, digest frequency, topic opt-outs and contact addresses' })
  get(@CurrentUser() user: AuthUser) {
    return this.recipients.preferences(user.sub, user.lang);
  }

  @Put()
  @ApiOperation({ summary: 'Replace my notification preferences (an invalid email or phone answers 400 naming the field)' })
  put(@CurrentUser() user: AuthUser, @Body({ schema: preferencesSchema }) body: PreferencesInput) {
    return this.recipients.updatePreferences(user.sub, body);
  }
}
