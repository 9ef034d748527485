import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import type { PremisesHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { GRANTS_CONFIG, GrantsConfig } from '../grants-config';
import { SpaceService } from '../spaces/space.service';
import { CalendarEntriesRepository } from './calendar-entries.repository';
import { CalendarTokenRepository } from './calendar-token.repository';
import { ownBookingsFeed, spaceBusyFeed } from './premises-feeds';

const DAY = 86_400_000;
/** How far the feeds reach: a month back, a good year ahead; at most this many entries. */
const PAST_DAYS = 31;
const FUTURE_DAYS = 400;
const MAX_ENTRIES = 2_000;
/** 32 random bytes, base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The premises' iCalendar feeds: a space's busy times for anyone, a person's own behind a secret. */
@Injectable()
export class CalendarsService {
  constructor(
    private readonly entries: CalendarEntriesRepository,
    private readonly tokens: CalendarTokenRepository,
    private readonly spaces: SpaceService,
    private readonly clock: Clock,
    @Inject(GRANTS_CONFIG) private readonly config: GrantsConfig,
  ) {}

  async spaceFeed(spaceId: string, lang: PremisesHttp.FeedLanguage): Promise<string> {
    const space = await this.spaces.space(spaceId);
    const now = this.clock.now();
    const busy = await this.entries.busy(space.id, new Date(now.getTime() - PAST_DAYS * DAY), new Date(now.getTime() + FUTURE_DAYS * DAY), MAX_ENTRIES);
    return spaceBusyFeed(space, busy, { lang, now });
  }

  /** A new secret address for the caller's own feed; the previous one stops working. */
  async rotateToken(user: AuthUser, body: PremisesHttp.CalendarTokenRequest): Promise<PremisesHttp.CalendarToken> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.tokens.replace(user.sub, hashOf(token), body.lang, now);
    return { url: `${this.config.calendarFeedUrl}/premises/calendar/${token}.ics`, createdAt: now.toISOString() };
  }

  /** The token's owner's bookings; an unknown or replaced token is 404, as any address that is not there. */
  async ownFeed(token: string): Promise<string> {
    const owner = TOKEN_PATTERN.test(token) ? await this.tokens.ownerOf(hashOf(token)) : null;
    if (!owner) throw new NotFoundException('No such calendar');
    const now = this.clock.now();
    const bookings = await this.entries.own(owner.sub, new Date(now.getTime() - PAST_DAYS * DAY), MAX_ENTRIES);
    return ownBookingsFeed(bookings, { lang: owner.lang, now, portalUrl: this.config.portalUrl });
  }
}

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
