import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@vaikuta/auth';
import { UnsubscribeLinks } from './unsubscribe-links';
import { confirmPage, donePage, invalidPage } from './unsubscribe-page';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * RFC 8058 one-click unsubscribe. GET only shows what the link stops (mail scanners follow
 * links, so GET must change nothing); POST — from the page's button or from the mail
 * client's one-click — stops it. The token is the only credential.
 */
@ApiTags('unsubscribe')
@Public()
@Controller('notifications/unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly unsubscribe: UnsubscribeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The page an unsubscribe link opens: asks to confirm' })
  async show(@Query('token') token: string, @Res() reply: FastifyReply) {
    const claim = this.links.tokens.verify(token);
    if (!claim) return html(reply, 400, invalidPage());
    const language = await this.unsubscribe.language(claim.recipientId);
    return html(reply, 200, confirmPage(language, claim.scope.kind, token));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Unsubscribe (one-click: body List-Unsubscribe=One-Click)' })
  async perform(@Query('token') token: string, @Res() reply: FastifyReply) {
    const claim = this.links.tokens.verify(token);
    if (!claim) return html(reply, 400, invalidPage());
    const language = await this.unsubscribe.language(claim.recipientId);
    await this.unsubscribe.apply(claim);
    return html(reply, 200, donePage(language));
  }
}

function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body);
}
