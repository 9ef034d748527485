import type { GrantsHttp } from '@vaikuta/contracts';
import type { FieldProblem } from '@vaikuta/http';

type RoundDescription = Omit<GrantsHttp.CreateGrantRoundRequest, never>;

/**
 * What the request schema cannot say about a round: the application window, scoring weights
 * that add up to 100, keys unique within each list, choices only (and always) for choice
 * fields. Every problem names its field, so the officer's form can point at it.
 */
export function grantRoundProblems(round: RoundDescription): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // The years 2000–2100 are the request schema's (planningInstant, planningDate in libs/contracts): a 400 naming the field before this runs.
  const opens = Date.parse(round.opensAt);
  if (!round.continuous && !round.closesAt) problems.push({ field: 'closesAt', message: 'A round that is not continuous needs a closing time' });
  if (round.closesAt && Date.parse(round.closesAt) <= opens) problems.push({ field: 'closesAt', message: 'Must be after opensAt' });
  if (round.reportDue && Date.parse(`${round.reportDue}T23:59:59Z`) < opens) problems.push({ field: 'reportDue', message: 'Must not be before the round opens' });

  const weights = round.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (round.criteria.length > 0 && weights !== 100) problems.push({ field: 'criteria', message: `The weights must add up to 100 (now ${weights})` });

  problems.push(...duplicateKeys('criteria', round.criteria), ...duplicateKeys('requiredAttachments', round.requiredAttachments), ...duplicateKeys('formFields', round.formFields));
  round.formFields.forEach((f, i) => {
    if (f.kind === 'choice' && !f.choices?.length) problems.push({ field: `formFields.${i}.choices`, message: 'A choice field needs its choices' });
    if (f.kind !== 'choice' && f.choices) problems.push({ field: `formFields.${i}.choices`, message: 'Only a choice field has choices' });
    if (f.choices) problems.push(...duplicateKeys(`formFields.${i}.choices`, f.choices.map((c) => ({ key: c.value })), 'value'));
  });
  return problems;
}

function duplicateKeys(list: string, items: readonly { key: string }[], name = 'key'): FieldProblem[] {
  return items.flatMap((item, i) => (items.findIndex((other) => other.key === item.key) < i ? [{ field: `${list}.${i}.${name}`, message: `${item.key} appears twice` }] : []));
}
