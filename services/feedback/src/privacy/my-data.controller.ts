import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { PrivacyHttp } from '@vaikuta/contracts';
import { PersonalDataExport } from '@vaikuta/domain';
import { FeedbackPersonalDataRepository } from './personal-data.repository';

/** The right of access (GDPR Art. 15): the feedback service's section of a person's data export (ADR 0018). */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('feedback/privacy')
export class MyDataController {
  private readonly export: PersonalDataExport;

  constructor(data: FeedbackPersonalDataRepository) {
    this.export = new PersonalDataExport('feedback', data);
  }

  @Get('my-data')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything the feedback service holds about the signed-in person' })
  mine(@CurrentUser() user: AuthUser): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: user.sub });
  }

  @Get('admin/subjects/:subjectId/data')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything the feedback service holds about a sign-in subject, for a written request' })
  subject(@Param({ schema: PrivacyHttp.subjectParams }) params: PrivacyHttp.SubjectParams): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: params.subjectId });
  }
}
