import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, Public, Roles } from '@vaikuta/auth';
import { GrantsHttp } from '@vaikuta/contracts';
import { Idempotent, IdempotentRequestId, text, UuidPipe } from '@vaikuta/http';
import { z } from 'zod';
import { AssociationService } from './association.service';

const uuid = new UuidPipe();
// The person goes in the query, not the path: paths are logged, and a sub names a person.
const removalQuery = z.object({
  sub: text({ min: 1, max: 200 }),
  version: z.coerce.number({ error: 'The version you saw, a whole number' }).int().positive(),
});

/**
 * The association register. Registering takes any signed-in person (a business ID also needs
 * a mandate for it); the rest is for the association's own people (a mandate or a
 * representative row), with officers and admins reading all of it. The public sees names and
 * business IDs of registered associations only.
 */
@ApiTags('associations')
@Controller('grants/associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationService) {}

  @Post()
  @Authenticated()
  @Idempotent()
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an association ({name, businessId | registrationNumber | unregisteredGroup, address, iban, role}); the caller becomes a representative' })
  register(
    @Body({ schema: GrantsHttp.registerAssociationRequest }) body: GrantsHttp.RegisterAssociationRequest,
    @CurrentUser() user: AuthUser,
    @IdempotentRequestId() requestId: string | undefined,
  ) {
    return this.associations.register(body, user, requestId);
  }

  @Get('mine')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The associations the caller acts for (as a representative or by a Suomi.fi mandate), and the mandate’s business IDs not registered yet' })
  mine(@CurrentUser() user: AuthUser) {
    return this.associations.mine(user);
  }

  @Get('public')
  @Public()
  @ApiOperation({ summary: 'The public register: registered associations with name and business ID only' })
  publicRegister() {
    return this.associations.publicRegister();
  }

  @Get()
  @Roles('grants_officer', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The register, for grants officers and admins (?q= part of a name, or the start of a business ID or registration number)' })
  all(@Query({ schema: GrantsHttp.associationSearchQuery }) query: GrantsHttp.AssociationSearchQuery) {
    return this.associations.all(query);
  }

  @Get(':associationId')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'An association with its representatives (its own people, officers and admins; 404 for anyone else)' })
  detail(@Param('associationId', uuid) associationId: string, @CurrentUser() user: AuthUser) {
    return this.associations.detail(associationId, user);
  }

  @Post(':associationId/verification')
  @Roles('grants_officer', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify a pending association ({version, note}: what you checked, kept in the audit); it may then submit applications and book' })
  verify(
    @Param('associationId', uuid) associationId: string,
    @Body({ schema: GrantsHttp.verifyAssociationRequest }) body: GrantsHttp.VerifyAssociationRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.associations.verify(associationId, body, user);
  }

  @Post(':associationId/rejection')
  @Roles('grants_officer', 'admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending association ({version, reason}: shown to its representatives); its registration number is free again' })
  reject(
    @Param('associationId', uuid) associationId: string,
    @Body({ schema: GrantsHttp.rejectAssociationRequest }) body: GrantsHttp.RejectAssociationRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.associations.reject(associationId, body, user);
  }

  @Patch(':associationId')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the name, address, bank account or email, with the version you saw' })
  update(
    @Param('associationId', uuid) associationId: string,
    @Body({ schema: GrantsHttp.updateAssociationRequest }) body: GrantsHttp.UpdateAssociationRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.associations.update(associationId, body, user);
  }

  @Post(':associationId/representatives')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a representative ({version, sub, role, name}); they may act for the association from then on' })
  addRepresentative(
    @Param('associationId', uuid) associationId: string,
    @Body({ schema: GrantsHttp.addRepresentativeRequest }) body: GrantsHttp.AddRepresentativeRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.associations.addRepresentative(associationId, body, user);
  }

  @Delete(':associationId/representatives')
  @Authenticated()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a representative (?sub= the person, &version= the version you saw); a group keeps at least one' })
  async removeRepresentative(
    @Param('associationId', uuid) associationId: string,
    @Query({ schema: removalQuery }) query: z.infer<typeof removalQuery>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.associations.removeRepresentative(associationId, query.sub, query.version, user);
  }
}
