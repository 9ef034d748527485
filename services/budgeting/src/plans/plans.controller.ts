import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, OptionalUser, Public, Roles } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { UuidPipe } from '@vaikuta/http';
import { z } from 'zod';
import { PlanService } from './plan.service';

const uuid = new UuidPipe();
const planListQuery = z.object({
  district: z.string().regex(/^[a-z0-9-]{2,40}$/, 'A district code of the round').optional(),
  /** Coordinators only, for anything but on_ballot. */
  status: BudgetingHttp.planStatus.optional(),
});

/** Plans: anyone reads the ballot's plans; coordinators combine proposals, cost them and put them on the ballot. */
@ApiTags('plans')
@Controller('budgeting')
export class PlansController {
  constructor(private readonly plans: PlanService) {}

  @Get('rounds/:roundId/plans')
  @Public()
  @ApiOperation({ summary: "A round's plans on the ballot (?district); coordinators also see drafts and withdrawn ones (?status)" })
  list(@Param('roundId', uuid) roundId: string, @Query({ schema: planListQuery }) query: z.infer<typeof planListQuery>, @OptionalUser() user: AuthUser | undefined) {
    return this.plans.list(roundId, query, user);
  }

  @Post('rounds/:roundId/plans')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'A coordinator combines proposals of one district into a plan (a draft)' })
  create(
    @Param('roundId', uuid) roundId: string,
    @Body({ schema: BudgetingHttp.createPlanRequest }) body: BudgetingHttp.CreatePlanRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.plans.create(roundId, body, user);
  }

  @Patch('plans/:planId')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'A coordinator edits a plan, sets its cost and puts it on the ballot; refused once voting opened' })
  update(
    @Param('planId', uuid) planId: string,
    @Body({ schema: BudgetingHttp.updatePlanRequest }) body: BudgetingHttp.UpdatePlanRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.plans.update(planId, body, user);
  }
}
