import type { GrantsHttp } from '@vaikuta/contracts';
import { FieldProblem, ValidationProblem } from '@vaikuta/http';

/** What a round asks of an application: its form's fields and the attachments it requires. */
export interface RoundForm {
  formFields: GrantsHttp.FormField[];
  requiredAttachments: GrantsHttp.RequiredAttachment[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks answers against the round's form. A draft may leave fields out (`complete: false`)
 * but what it holds must already be of the field's kind, so a draft never stores an answer it
 * could not submit; a submission must also answer every required field and carry every
 * required attachment (`attachmentPurposes`). Every problem is named — `answers.<key>` or
 * `attachments.<key>` — in one 400, so the applicant fixes them all at once.
 */
export function checkApplicationForm(
  form: RoundForm,
  answers: Record<string, string | number>,
  { complete, attachmentPurposes = [] }: { complete: boolean; attachmentPurposes?: readonly string[] },
): void {
  const problems: FieldProblem[] = [];
  const fields = new Map(form.formFields.map((f) => [f.key, f]));
  for (const key of Object.keys(answers)) {
    if (!fields.has(key)) problems.push({ field: `answers.${key}`, message: 'Not a field of this round’s form' });
  }
  for (const field of form.formFields) {
    const value = answers[field.key];
    const empty = value === undefined || value === '';
    if (empty) {
      if (complete && field.required) problems.push({ field: `answers.${field.key}`, message: 'Required' });
      continue;
    }
    const wrong = kindProblem(field, value);
    if (wrong) problems.push({ field: `answers.${field.key}`, message: wrong });
  }
  if (complete) {
    for (const required of form.requiredAttachments) {
      if (!attachmentPurposes.includes(required.key)) problems.push({ field: `attachments.${required.key}`, message: 'Required attachment missing' });
    }
  }
  if (problems.length) throw new ValidationProblem(problems);
}

function kindProblem(field: GrantsHttp.FormField, value: string | number): string | undefined {
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' ? undefined : 'A number';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'A date as YYYY-MM-DD';
    case 'choice':
      return (field.choices ?? []).some((c) => c.value === value) ? undefined : `One of ${(field.choices ?? []).map((c) => c.value).join(', ')}`;
    default:
      return typeof value === 'string' ? undefined : 'Text';
  }
}
