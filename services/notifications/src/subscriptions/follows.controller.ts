import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Authenticated, AuthUser, CurrentUser } from '@vaikuta/auth';
import { parseWithSchema } from '@vaikuta/http';
import { FOLLOWABLE_ITEM_TYPES } from '../rules/notification-rules';
import { RecipientService } from '../recipients/recipient.service';
import { SubscriptionService } from './subscription.service';

const followSchema = z.object({
  itemType: z.enum(FOLLOWABLE_ITEM_TYPES, { error: `Item types are ${FOLLOWABLE_ITEM_TYPES.join(', ')}` }),
  itemId: z.uuid('Give the id of the item'),
});
type Follow = z.infer<typeof followSchema>;

@ApiTags('follows')
@ApiBearerAuth()
@Controller('notifications/follows')
@Authenticated()
export class FollowsController {
  constructor(
    private readonly recipients: RecipientService,
    private readonly subscriptions: SubscriptionService,
  ) {}

  /**
   * Only public items can be followed: an unknown id and one that is not (or no longer)
   * public get the same 404, so the answer tells nothing about items one cannot see.
   */
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Follow a public item: you are told what becomes of it' })
  async follow(@CurrentUser() user: AuthUser, @Body({ schema: followSchema }) body: Follow) {
    const itemKey = `${body.itemType}:${body.itemId}`;
    const id = await this.recipients.ensurePerson(user.sub, user.lang);
    if (!(await this.subscriptions.follow(id, itemKey, body.itemType))) throw new NotFoundException('There is no public item with this id');
    return { itemKey, following: true };
  }

  @Get()
  @ApiOperation({ summary: 'What you follow, with each item’s public title (null when it is not public)' })
  async list(@CurrentUser() user: AuthUser) {
    const id = await this.recipients.ensurePerson(user.sub, user.lang);
    return { items: await this.subscriptions.following(id) };
  }

  @Delete(':itemType/:itemId')
  @HttpCode(204)
  async unfollow(@CurrentUser() user: AuthUser, @Param('itemType') itemType: string, @Param('itemId') itemId: string) {
    const input = parseWithSchema(followSchema, { itemType, itemId });
    const id = await this.recipients.ensurePerson(user.sub, user.lang);
    if (!(await this.subscriptions.unfollow(id, `${input.itemType}:${input.itemId}`))) {
      throw new NotFoundException('You do not follow this item');
    }
  }
}
