import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { PrivacyHttp } from '@vaikuta/contracts';
import { PersonalDataExport } from '@vaikuta/domain';
import { BudgetingPersonalDataRepository } from './personal-data.repository';

/** The right of access (GDPR Art. 15): budgeting's section of a person's data export (ADR 0018). */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('budgeting/privacy')
export class MyDataController {
  private readonly export: PersonalDataExport;

  constructor(data: BudgetingPersonalDataRepository) {
    this.export = new PersonalDataExport('budgeting', data);
  }

  @Get('my-data')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything budgeting holds about the signed-in person, with the ballots under their identity code’s key when the token has one' })
  mine(@CurrentUser() user: AuthUser): Promise<PrivacyHttp.PersonalDataSection> {
    // The identity code only finds the ballots keyed by it; it is neither kept nor answered.
    return this.export.section({ subjectId: user.sub, identityCode: user.identityCode });
  }

  @Get('admin/subjects/:subjectId/data')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything budgeting holds about a sign-in subject, for a written request' })
  subject(@Param({ schema: PrivacyHttp.subjectParams }) params: PrivacyHttp.SubjectParams): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: params.subjectId });
  }
}
