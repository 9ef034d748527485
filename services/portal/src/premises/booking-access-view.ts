import { PremisesHttp } from '@vaikuta/contracts';
import { formatDate, Lang, Translate } from '../i18n/i18n';
import { premisesText } from './premises-view';

/**
 * How the booker gets in, as the booking page says it: the door code while it is issued (with
 * when it opens the door), else why there is none yet; where and when to pick up a key; or that
 * staff open the door or there is no door.
 */
export function accessView(t: Translate, lang: Lang, access: PremisesHttp.BookingAccess, state: PremisesHttp.BookingState) {
  const base = { type: access.accessType, label: t(`prem.access.${access.accessType}`) };
  switch (access.accessType) {
    case 'door_code': {
      if (access.status === 'issued' && access.code) {
        return { ...base, code: access.code, valid: t('prem.code.valid', { from: formatDate(access.validFrom, lang), until: formatDate(access.validUntil, lang) }) };
      }
      // A week of a season series gets its code shortly before it: say when (Helsinki time).
      if (access.status === 'pending' && state === 'confirmed' && access.codeDueAt) {
        return { ...base, note: t('prem.code.due', { at: formatDate(access.codeDueAt, lang) }) };
      }
      // A request not yet confirmed, or a provider slow to answer: the code comes later.
      if (access.status === 'pending' || state === 'requires_handling') return { ...base, note: t('prem.code.pending') };
      return { ...base, note: t(`prem.code.${access.status}`) };
    }
    case 'key_pickup':
      return { ...base, keyWhere: premisesText(access.keyPickup?.where, lang), keyWhen: premisesText(access.keyPickup?.when, lang) };
    default:
      return { ...base, note: t(`prem.accessNote.${access.accessType}`) };
  }
}
