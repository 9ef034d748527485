import { DeliveryChannel, OutgoingMessage, PermanentDeliveryError } from './channel';

export interface SmsChannelOptions {
  providerUrl?: string;
  token?: string;
  sender: string;
  timeoutMs?: number;
}

/**
 * SMS through an HTTP provider: `POST {providerUrl}` with JSON `{from, to, text, reference}`
 * and an optional bearer token. Most Finnish SMS gateways take this shape or need only a
 * thin adapter here. 2xx is sent; 4xx (but 408/429) is permanent; anything else is retried.
 */
export class SmsChannel implements DeliveryChannel {
  constructor(private readonly options: SmsChannelOptions) {}

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    if (!this.options.providerUrl) throw new PermanentDeliveryError('no SMS provider configured (SMS_PROVIDER_URL)');
    const response = await fetch(this.options.providerUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify({ from: this.options.sender, to: message.to, text: message.content.sms, reference: message.id }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    if (response.ok) {
      try {
        return { providerId: String(JSON.parse(body).id ?? '') || undefined };
      } catch {
        return {};
      }
    }
    const reason = `SMS provider answered ${response.status}`;
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new PermanentDeliveryError(reason);
    }
    throw new Error(reason);
  }
}
