import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Roles } from '@vaikuta/auth';
import { PrivacyHttp } from '@vaikuta/contracts';
import { PersonalDataExport } from '@vaikuta/domain';
import { GrantsPersonalDataRepository } from './personal-data.repository';

/**
 * The right of access (GDPR Art. 15) in this service: one section per route prefix, so the
 * portal asks `/grants/…` and `/premises/…` as it asks every other service (ADR 0018).
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('grants/privacy')
export class GrantsMyDataController {
  private readonly export: PersonalDataExport;

  constructor(data: GrantsPersonalDataRepository) {
    this.export = new PersonalDataExport('grants', { categories: (subject) => data.grants(subject) });
  }

  @Get('my-data')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything grants holds about the signed-in person' })
  mine(@CurrentUser() user: AuthUser): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: user.sub });
  }

  @Get('admin/subjects/:subjectId/data')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything grants holds about a sign-in subject, for a written request' })
  subject(@Param({ schema: PrivacyHttp.subjectParams }) params: PrivacyHttp.SubjectParams): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: params.subjectId });
  }
}

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('premises/privacy')
export class PremisesMyDataController {
  private readonly export: PersonalDataExport;

  constructor(data: GrantsPersonalDataRepository) {
    this.export = new PersonalDataExport('premises', { categories: (subject) => data.premises(subject) });
  }

  @Get('my-data')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything premises booking holds about the signed-in person' })
  mine(@CurrentUser() user: AuthUser): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: user.sub });
  }

  @Get('admin/subjects/:subjectId/data')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything premises booking holds about a sign-in subject, for a written request' })
  subject(@Param({ schema: PrivacyHttp.subjectParams }) params: PrivacyHttp.SubjectParams): Promise<PrivacyHttp.PersonalDataSection> {
    return this.export.section({ subjectId: params.subjectId });
  }
}
