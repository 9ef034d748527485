import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@vaikuta/auth';
import { RateLimitClass } from '@vaikuta/http';
import { ImportRunRepository } from './import-run.repository';
import { KuntalaisaloiteImportService } from './kuntalaisaloite-import.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('initiatives/admin/imports')
@Roles('admin')
@RateLimitClass('staff-api')
export class ImportController {
  constructor(
    private readonly imports: KuntalaisaloiteImportService,
    private readonly runs: ImportRunRepository,
  ) {}

  @Post('kuntalaisaloite')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import now from kuntalaisaloite.fi: {created, updated, unchanged, failed}' })
  importNow() {
    return this.imports.run('admin');
  }

  @Get()
  @ApiOperation({ summary: 'The latest import runs, newest first' })
  list() {
    return this.runs.latest();
  }
}
