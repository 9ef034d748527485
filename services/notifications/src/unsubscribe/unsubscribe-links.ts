import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { PreferenceLinkTokens } from '../recipients/preference-link-token';
import type { FooterLinks } from '../templates/template-renderer';
import { UnsubscribeTokens } from './unsubscribe-token';

/** The links in a message's footer, signed for its recipient. */
@Injectable()
export class UnsubscribeLinks {
  readonly tokens: UnsubscribeTokens;
  readonly preferenceTokens: PreferenceLinkTokens;

  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {
    this.tokens = new UnsubscribeTokens(config.secret);
    this.preferenceTokens = new PreferenceLinkTokens(config.secret);
  }

  /**
   * Stops the item this message is about (or, for a digest, everything). With the message's
   * language the links carry `lang=`, so the page they open (the portal's, when PUBLIC_URL
   * is the portal) speaks the language the message was written in.
   */
  forMessage(recipientId: string, itemKey: string | null, language?: string): FooterLinks {
    const scoped = itemKey
      ? this.tokens.sign({ recipientId, scope: { kind: 'item', itemKey } })
      : this.tokens.sign({ recipientId, scope: { kind: 'all' } });
    const lang = language && /^[a-z]{2}$/.test(language) ? language : undefined;
    return {
      unsubscribeUrl: this.url(scoped, lang),
      unsubscribeAllUrl: this.url(this.tokens.sign({ recipientId, scope: { kind: 'all' } }), lang),
      smsStopUrl: this.url(this.tokens.sign({ recipientId, scope: { kind: 'sms' } }), lang),
      // Signed for the recipient: most never signed in, and a login page would lose them.
      preferencesUrl: `${this.config.portalUrl}/notifications/preferences?token=${this.preferenceTokens.sign(recipientId)}${lang ? `&lang=${lang}` : ''}`,
    };
  }

  private url(token: string, lang?: string): string {
    return `${this.config.publicUrl}/notifications/unsubscribe?token=${encodeURIComponent(token)}${lang ? `&lang=${lang}` : ''}`;
  }
}
