import { DeliveryChannel, OutgoingMessage, PermanentDeliveryError } from './channel';
import { RunningTimeDeadline } from './running-time-deadline';

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
    // Not AbortSignal.timeout: after a pause of this process its timer would abort a request whose
    // answer (the SMS already accepted) waits unread, and the SMS would go out again.
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const abort = new AbortController();
    const deadline = new RunningTimeDeadline(timeoutMs, () => abort.abort(new DOMException(`no answer from the SMS provider in ${timeoutMs} ms`, 'TimeoutError')));
    try {
      return await this.post(message, abort.signal);
    } finally {
      deadline.clear();
    }
  }

  private async post(message: OutgoingMessage, signal: AbortSignal): Promise<{ providerId?: string }> {
    const response = await fetch(this.options.providerUrl!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify({ from: this.options.sender, to: message.to, text: message.content.sms, reference: message.id }),
      signal,
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
