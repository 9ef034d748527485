import type { InitiativesHttp } from '@vaikuta/contracts';
import type { InitiativeAction } from '../clients/initiatives-client';
import type { FieldProblem } from '../clients/service-problem';
import { formFieldOf } from '../feedback/problem-fields';
import type { Translate } from '../i18n/i18n';
import { endOfCityDay } from './initiative-view';

type Status = InitiativesHttp.InitiativeStatus;

/** A step a preparer takes on the initiative's page: its form's fields, in order. */
interface StepForm {
  fields: string[];
  /** Fields left out of the body when empty (the service takes them as absent). */
  optional?: string[];
}

export const STEP_FORMS: Record<InitiativeAction, StepForm> = {
  register: { fields: ['caseId'], optional: ['caseId'] },
  assign: { fields: ['departmentCode', 'preparerId'] },
  statements: { fields: ['requestedFrom', 'dueAt'] },
  propose: { fields: ['body', 'proposal'] },
  decide: { fields: ['body', 'decidedAt', 'section', 'text', 'ahjoCaseId', 'ahjoDecisionId'], optional: ['section', 'ahjoCaseId', 'ahjoDecisionId'] },
  measures: { fields: ['text'] },
  close: { fields: [] },
  inadmissible: { fields: ['reason'] },
  withdraw: { fields: ['reason'], optional: ['reason'] },
  combine: { fields: ['intoId'] },
  'ahjo-link': { fields: ['ahjoCaseId'] },
};

/** The step a form's URL names, if it is one (own keys only: `constructor` is not a step). */
export function stepOf(name: unknown): InitiativeAction | undefined {
  return typeof name === 'string' && Object.hasOwn(STEP_FORMS, name) ? (name as InitiativeAction) : undefined;
}

/**
 * Which steps make sense from a status, as the service's life cycle allows them (it decides;
 * this only leaves out forms that could not succeed). Linking an Ahjo case fits any open one.
 */
const FROM: Record<Status, InitiativeAction[]> = {
  collecting: ['withdraw'],
  filed: ['register', 'inadmissible', 'withdraw', 'combine'],
  registered: ['assign', 'inadmissible', 'withdraw', 'combine', 'ahjo-link'],
  assigned: ['assign', 'statements', 'propose', 'inadmissible', 'withdraw', 'combine', 'ahjo-link'],
  statements_requested: ['statements', 'propose', 'withdraw', 'combine', 'ahjo-link'],
  proposed: ['propose', 'decide', 'withdraw', 'ahjo-link'],
  decided: ['measures', 'ahjo-link'],
  measures_taken: ['close'],
  closed: [],
  inadmissible: [],
  withdrawn: [],
  combined: [],
};

export function availableSteps(status: Status): Set<InitiativeAction> {
  return new Set(FROM[status]);
}

/** The JSON body for the service: the version seen and the filled-in fields, typed as it wants them. */
export function stepBody(step: InitiativeAction, form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { version: Number(form.version) };
  const { fields, optional = [] } = STEP_FORMS[step];
  for (const field of fields) {
    const value = typeof form[field] === 'string' ? (form[field] as string).trim() : '';
    if (value === '' && optional.includes(field)) continue;
    body[field] = field === 'dueAt' ? endOfCityDay(value) : value;
  }
  return body;
}

/**
 * A refused step's field problems as messages beside the form's fields (`f-<step>-<field>`)
 * and a summary linking to them. The service names fields in English for developers; people
 * get a message about the field in their language.
 */
export function stepErrors(t: Translate, step: string, fields: string[], problems: FieldProblem[]) {
  const order = fields.length ? fields : ['version'];
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const named = formFieldOf(problem.field);
    const field = order.includes(named) ? named : order[0];
    const key = `ini.err.${named}`;
    errors[`${step}_${field}`] ??= t(key) === key ? t('err.generic') : t(key);
  }
  const errorSummary = order.filter((f) => errors[`${step}_${f}`]).map((f) => ({ href: `#f-${step}-${f}`, text: errors[`${step}_${f}`] }));
  return { errors, errorSummary };
}
