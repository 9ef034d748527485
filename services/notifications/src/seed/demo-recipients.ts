import { INestApplicationContext } from '@nestjs/common';
import { RecipientService } from '../recipients/recipient.service';

/**
 * The demo resident a newcomer signs in as: the portal's dev sign-in makes "Aino" the subject
 * `demo-resident-aino` (services/portal/src/account/login.controller.ts), and budgeting's seed
 * makes her a voter of last year's projects. People who sign in get in-app messages only until
 * they give an address, so she is given one here: a milestone of a project she voted for then
 * shows up in the mail stand-in too.
 */
const DEMO_RECIPIENTS = [{ subject: 'demo-resident-aino', email: 'aino@example.test', language: 'fi' as const }];

/**
 * Idempotent: a recipient who already has an email address keeps their preferences as they
 * are, so what someone changes in the demo survives the next `npm start`.
 */
export async function seedDemoRecipients(app: INestApplicationContext): Promise<string> {
  const recipients = app.get(RecipientService);
  let added = 0;
  for (const demo of DEMO_RECIPIENTS) {
    const current = await recipients.preferences(demo.subject, demo.language);
    if (current.email) continue;
    await recipients.updatePreferences(demo.subject, {
      language: current.language,
      channels: [...new Set([...current.channels, 'email' as const, 'inapp' as const])],
      digest: current.digest,
      optOuts: current.optOuts,
      email: demo.email,
      phone: current.phone,
    });
    added++;
  }
  return `${added} demo recipients given an email address, ${DEMO_RECIPIENTS.length - added} already had one`;
}
