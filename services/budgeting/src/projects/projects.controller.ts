import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { ProjectProgressService } from './project-progress.service';
import { ProjectReader } from './project-reader.service';

const uuid = new UuidPipe();

/** Projects: anyone follows how the winners are built; coordinators report progress. */
@ApiTags('projects')
@Controller('budgeting')
export class ProjectsController {
  constructor(
    private readonly reader: ProjectReader,
    private readonly progress: ProjectProgressService,
  ) {}

  @Get('rounds/:roundId/projects')
  @Public()
  @ApiOperation({ summary: "A round's projects with status, progress and the next milestone" })
  list(@Param('roundId', uuid) roundId: string) {
    return this.reader.list(roundId);
  }

  @Get('projects/:id')
  @Public()
  @ApiOperation({ summary: 'A project with its plan, proposals, milestones and updates (newest first)' })
  detail(@Param('id', uuid) id: string) {
    return this.reader.detail(id);
  }

  @Post('projects/:id/updates')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: "A coordinator publishes an update; the plan's voters and proposers are told" })
  update(@Param('id', uuid) id: string, @Body({ schema: BudgetingHttp.projectUpdateRequest }) body: BudgetingHttp.ProjectUpdateRequest, @CurrentUser() user: AuthUser) {
    return this.progress.publishUpdate(id, body, user);
  }

  @Post('projects/:id/milestones')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A coordinator adds a milestone after the last one' })
  addMilestone(@Param('id', uuid) id: string, @Body({ schema: BudgetingHttp.addMilestoneRequest }) body: BudgetingHttp.AddMilestoneRequest, @CurrentUser() user: AuthUser) {
    return this.progress.addMilestone(id, body, user);
  }

  @Post('projects/:id/milestones/:milestoneId/reached')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: "A coordinator marks a milestone reached; the plan's voters and proposers are told" })
  reached(
    @Param('id', uuid) id: string,
    @Param('milestoneId', uuid) milestoneId: string,
    @Body({ schema: BudgetingHttp.milestoneReachedRequest }) body: BudgetingHttp.MilestoneReachedRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.progress.markReached(id, milestoneId, body, user);
  }
}
