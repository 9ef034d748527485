/** What a case worker can do on the case page, and what the feedback service needs for it. */
export interface CaseAction {
  /** Path segment under /feedback/cases/:id/ (and the portal's form action). */
  path: string;
  /** Form fields sent on, besides the version. */
  fields: string[];
  /** Internal notes change nothing the resident sees and carry no version. */
  versioned: boolean;
  /** The message key of the confirmation. */
  done: string;
}

const action = (path: string, done: string, fields: string[] = [], versioned = true): CaseAction => ({ path, fields, versioned, done });

export const CASE_ACTIONS: Record<string, CaseAction> = Object.fromEntries(
  [
    action('claim', 'done.claimed'),
    action('assign', 'done.assigned', ['assigneeId']),
    action('unassign', 'done.unassigned'),
    action('start', 'done.started'),
    action('reopen', 'done.reopened'),
    action('publish', 'done.published'),
    action('unpublish', 'done.unpublished'),
    action('replies', 'done.replied', ['body']),
    action('resolve', 'done.resolved', ['resolution']),
    action('reject', 'done.rejected', ['reason']),
    action('forward', 'done.forwarded', ['departmentCode', 'note']),
    // By the tracking code staff read on the page, not an internal id.
    action('merge', 'done.merged', ['originalTrackingCode']),
    action('notes', 'done.noted', ['body'], false),
  ].map((a) => [a.path, a]),
);

/** The action a form or link names, if it is one: a name like `constructor` is not (own keys only). */
export function caseAction(name: unknown): CaseAction | undefined {
  return typeof name === 'string' && Object.hasOwn(CASE_ACTIONS, name) ? CASE_ACTIONS[name] : undefined;
}

/** The JSON body for the service: the version seen, and the filled-in fields (empty optional ones left out). */
export function actionBody(a: CaseAction, form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (a.versioned) body.version = Number(form.version);
  for (const field of a.fields) {
    const value = typeof form[field] === 'string' ? (form[field] as string).trim() : '';
    if (value !== '') body[field] = value;
  }
  return body;
}

/** Which actions make sense in a case's state (the service decides; this only hides the impossible). */
export function availableActions(c: { status: string; assigneeId: string | null; published: boolean; mergedIntoId: string | null }, me: string): Set<string> {
  const open = c.status === 'received' || c.status === 'in_process';
  const can = new Set<string>(['replies', 'notes']);
  if (open && c.assigneeId !== me) can.add('claim');
  if (open) can.add('assign');
  if (open && c.assigneeId) can.add('unassign');
  if (c.status === 'received' && c.assigneeId) can.add('start');
  if (c.status === 'in_process') can.add('resolve');
  if (open) can.add('reject').add('forward');
  if (open && !c.mergedIntoId) can.add('merge');
  if (!open && !c.mergedIntoId) can.add('reopen');
  can.add(c.published ? 'unpublish' : 'publish');
  return can;
}
