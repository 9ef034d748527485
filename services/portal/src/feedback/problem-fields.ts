import type { FieldProblem } from '../clients/service-problem';
import type { MessageKey } from '../i18n/i18n';
import type { Translate } from '../i18n/i18n';

/** The form's view of a failed submission: a message beside each field and a summary on top. */
export interface FormErrors {
  /** Form field name → message in the person's language. */
  errors: Record<string, string>;
  /** In field order, each linking to its field (`#f-<field>`). */
  errorSummary: { href: string; text: string }[];
}

/**
 * Which message a service's field problem becomes. The services speak English to developers;
 * people get a message about the field in their language, picked by the field and, where a
 * field can fail in several ways, by what the service said.
 */
export function messageKeyFor(field: string, message: string): MessageKey {
  switch (field) {
    case 'kind':
      return 'err.kind';
    case 'categoryCode':
      return 'err.categoryCode';
    case 'title':
      return 'err.title';
    case 'description':
      return /at most/i.test(message) ? 'err.descriptionLong' : 'err.descriptionShort';
    case 'lat':
    case 'lon':
      if (/outside/i.test(message)) return 'err.outsideCity';
      if (/both/i.test(message)) return 'err.coordsPair';
      return 'err.coords';
    case 'address':
      return /place|coordinates/i.test(message) ? 'err.placeNeeded' : 'err.address';
    case 'districtCode':
      return 'err.districtCode';
    case 'email':
      // An erasure request that names nobody is reported on its first field, email.
      return /phone|subject/i.test(message) ? 'erasure.errTarget' : 'err.email';
    case 'phone':
      return 'err.phone';
    case 'subjectId':
      return 'erasure.errSubject';
    case 'contactConsent':
      return 'err.contactConsent';
    case 'photos':
      if (/at most \d+ photos/i.test(message)) return 'err.photosCount';
      if (/MB|large/i.test(message)) return 'err.photoSize';
      return 'err.photoType';
    case 'body':
    case 'resolution':
    case 'note':
      return 'err.body';
    case 'reason':
      return 'err.reason';
    case 'departmentCode':
      return 'err.departmentCode';
    case 'originalId':
      return 'err.originalId';
    case 'assigneeId':
      return 'err.assigneeId';
    case 'code':
      return /exists/i.test(message) ? 'err.exists' : 'err.code';
    case 'nameFi':
    case 'nameSv':
    case 'nameEn':
      return 'err.name';
    case 'serviceLevelDays':
      return 'err.serviceLevelDays';
    case 'descriptionFi':
    case 'descriptionSv':
    case 'descriptionEn':
      return 'err.categoryDescription';
    case 'label':
      return 'err.label';
    case 'titleFi':
    case 'titleSv':
    case 'titleEn':
      return 'err.name';
    case 'bodyFi':
    case 'bodySv':
    case 'bodyEn':
      return 'err.body';
    case 'place':
      return 'err.cannedPlace';
    default:
      return 'err.generic';
  }
}

/** `photos[2]` and `contact.email` name the form field `photos` and `email`. */
export function formFieldOf(path: string): string {
  const first = path.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
  return first.includes('.') ? first.slice(first.lastIndexOf('.') + 1) : first;
}

/**
 * Maps problem+json `errors[]` onto a form's fields. `order` lists the form's fields as they
 * appear; problems for fields the form does not have go to `fallbackField` (the summary still
 * shows them, linked to that field), `anchors` names a field's element when it is not `f-<field>`
 * (a radio group links to its first radio).
 */
export function problemToFormErrors(
  problems: FieldProblem[],
  t: Translate,
  { order, fallbackField, anchors = {} }: { order: string[]; fallbackField?: string; anchors?: Record<string, string> },
): FormErrors {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    let field = formFieldOf(problem.field);
    if (!order.includes(field)) {
      if (!fallbackField) continue;
      field = fallbackField;
    }
    errors[field] ??= t(messageKeyFor(formFieldOf(problem.field), problem.message));
  }
  const errorSummary = order
    .filter((field) => errors[field])
    .map((field) => ({ href: `#${anchors[field] ?? `f-${field}`}`, text: errors[field] }));
  return { errors, errorSummary };
}
