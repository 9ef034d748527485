import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import type { FooterLinks } from '../templates/template-renderer';
import { UnsubscribeTokens } from './unsubscribe-token';

/** The links in a message's footer, signed for its recipient. */
@Injectable()
export class UnsubscribeLinks {
  readonly tokens: UnsubscribeTokens;

  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {
    this.tokens = new UnsubscribeTokens(config.secret);
  }

  /** Stops the item this message is about (or, for a digest, everything). */
  forMessage(recipientId: string, itemKey: string | null): FooterLinks {
    const scoped = itemKey
      ? this.tokens.sign({ recipientId, scope: { kind: 'item', itemKey } })
      : this.tokens.sign({ recipientId, scope: { kind: 'all' } });
    return {
      unsubscribeUrl: this.url(scoped),
      unsubscribeAllUrl: this.url(this.tokens.sign({ recipientId, scope: { kind: 'all' } })),
      preferencesUrl: `${this.config.portalUrl}/notifications/preferences`,
    };
  }

  private url(token: string): string {
    return `${this.config.publicUrl}/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
  }
}
