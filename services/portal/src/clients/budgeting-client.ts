import { BudgetingHttp } from '@vaikuta/contracts';
import { CallOptions, ServiceClient } from './service-client';
import { ServiceProblem } from './service-problem';

type Query = NonNullable<CallOptions['query']>;
const seg = encodeURIComponent;

/**
 * The budgeting service (osallistuva budjetointi), read through its HTTP contract
 * (libs/contracts/src/http/budgeting): every answer is checked against it.
 */
export class BudgetingClient extends ServiceClient {
  rounds(): Promise<BudgetingHttp.RoundList> {
    return this.read(BudgetingHttp.roundList, '/budgeting/rounds', { timeoutMs: 5000 });
  }

  /** 404 when there is no such round. */
  round(roundId: string): Promise<BudgetingHttp.RoundDetail> {
    return this.read(BudgetingHttp.roundDetail, `/budgeting/rounds/${seg(roundId)}`, { timeoutMs: 5000 });
  }

  /** Whether the signed-in person may propose and vote, with the reasons in their language. */
  eligibility(roundId: string, lang: string, token: string): Promise<BudgetingHttp.Eligibility> {
    return this.read(BudgetingHttp.eligibility, `/budgeting/rounds/${seg(roundId)}/eligibility`, { query: { lang }, token, timeoutMs: 5000 });
  }

  proposals(roundId: string, query: Query): Promise<BudgetingHttp.ProposalPage> {
    return this.read(BudgetingHttp.proposalPage, `/budgeting/rounds/${seg(roundId)}/proposals`, { query, timeoutMs: 5000 });
  }

  propose(roundId: string, body: BudgetingHttp.SubmitProposalRequest, token: string, idempotencyKey: string): Promise<BudgetingHttp.Proposal> {
    return this.send(BudgetingHttp.proposal, `/budgeting/rounds/${seg(roundId)}/proposals`, body, { token, headers: { 'idempotency-key': idempotencyKey } });
  }

  thread(proposalId: string): Promise<BudgetingHttp.ProposalThread> {
    return this.read(BudgetingHttp.proposalThread, `/budgeting/proposals/${seg(proposalId)}`, { timeoutMs: 5000 });
  }

  /** The plans on the ballot, of one district or all. */
  plans(roundId: string, district?: string): Promise<BudgetingHttp.PlanList> {
    return this.read(BudgetingHttp.planList, `/budgeting/rounds/${seg(roundId)}/plans`, { query: { district }, timeoutMs: 5000 });
  }

  /** The person's ballot that counts, or null. */
  async ballot(roundId: string, token: string): Promise<BudgetingHttp.BallotReceipt | null> {
    // Nest may send the null as an empty body: both mean "no ballot counts".
    return (await this.read(BudgetingHttp.ballotReceipt.nullish(), `/budgeting/rounds/${seg(roundId)}/ballot`, { token, timeoutMs: 5000 })) ?? null;
  }

  async cast(roundId: string, body: BudgetingHttp.CastBallotRequest, token: string, idempotencyKey: string): Promise<BudgetingHttp.BallotReceipt> {
    const answer = await this.put<unknown>(`/budgeting/rounds/${seg(roundId)}/ballot`, body, { token, headers: { 'idempotency-key': idempotencyKey } });
    const parsed = BudgetingHttp.ballotReceipt.safeParse(answer);
    if (parsed.success) return parsed.data;
    // The same 502 as read() and send() give an answer outside the contract.
    throw new ServiceProblem(502, { title: 'Bad answer', detail: `${this.service} answered outside its contract at ${parsed.error.issues[0].path.join('.')}` }, this.service);
  }

  /** Coordinators: feasible or not, with the public reason; 409 when someone screened it first. */
  screen(proposalId: string, body: BudgetingHttp.ScreenProposalRequest, token: string): Promise<BudgetingHttp.Proposal> {
    return this.send(BudgetingHttp.proposal, `/budgeting/proposals/${seg(proposalId)}/screening`, body, { token });
  }

  /** Staff enter a ballot cast in person; the identity code goes to the service only, never back. */
  enterBallot(roundId: string, channel: 'paper' | 'assisted', body: BudgetingHttp.PaperBallotRequest | BudgetingHttp.AssistedBallotRequest, token: string): Promise<BudgetingHttp.BallotReceipt> {
    return this.send(BudgetingHttp.ballotReceipt, `/budgeting/rounds/${seg(roundId)}/ballots/${channel}`, body, { token });
  }

  reconciliation(roundId: string, token: string): Promise<BudgetingHttp.ReconciliationReport> {
    return this.read(BudgetingHttp.reconciliationReport, `/budgeting/rounds/${seg(roundId)}/reconciliation`, { token, timeoutMs: 10_000 });
  }

  // ── Results and projects (public once published; staff also see the draft) ──

  /** The round's results with a plan-by-plan explanation; 404 before they are computed (or, for the public, published). */
  results(roundId: string, token?: string): Promise<BudgetingHttp.RoundResults> {
    return this.read(BudgetingHttp.roundResults, `/budgeting/rounds/${seg(roundId)}/results`, { token, timeoutMs: 10_000 });
  }

  turnout(roundId: string, token?: string): Promise<BudgetingHttp.Turnout> {
    return this.read(BudgetingHttp.turnout, `/budgeting/rounds/${seg(roundId)}/turnout`, { token, timeoutMs: 10_000 });
  }

  projects(roundId: string): Promise<BudgetingHttp.ProjectList> {
    return this.read(BudgetingHttp.projectList, `/budgeting/rounds/${seg(roundId)}/projects`, { timeoutMs: 5000 });
  }

  project(projectId: string): Promise<BudgetingHttp.ProjectDetail> {
    return this.read(BudgetingHttp.projectDetail, `/budgeting/projects/${seg(projectId)}`, { timeoutMs: 5000 });
  }

  // ── Coordinators' work ──

  /** Plans with drafts and withdrawn ones too (the service shows those to coordinators only). */
  staffPlans(roundId: string, token: string, query: Query = {}): Promise<BudgetingHttp.PlanList> {
    return this.read(BudgetingHttp.planList, `/budgeting/rounds/${seg(roundId)}/plans`, { query, token, timeoutMs: 5000 });
  }

  createPlan(roundId: string, body: BudgetingHttp.CreatePlanRequest, token: string): Promise<BudgetingHttp.Plan> {
    return this.send(BudgetingHttp.plan, `/budgeting/rounds/${seg(roundId)}/plans`, body, { token });
  }

  /** Cost, texts, incompatibility group, status (on the ballot / withdrawn); refused once voting opened. */
  async updatePlan(planId: string, body: BudgetingHttp.UpdatePlanRequest, token: string): Promise<BudgetingHttp.Plan> {
    return this.checked(BudgetingHttp.plan, await this.patch<unknown>(`/budgeting/plans/${seg(planId)}`, body, { token }));
  }

  movePhases(roundId: string, body: BudgetingHttp.MovePhasesRequest, token: string): Promise<BudgetingHttp.RoundDetail> {
    return this.send(BudgetingHttp.roundDetail, `/budgeting/rounds/${seg(roundId)}/phases`, body, { token });
  }

  computeResults(roundId: string, token: string): Promise<BudgetingHttp.RoundResults> {
    return this.send(BudgetingHttp.roundResults, `/budgeting/rounds/${seg(roundId)}/results/compute`, {}, { token, timeoutMs: 60_000 });
  }

  override(roundId: string, body: BudgetingHttp.OverrideRequest, token: string): Promise<BudgetingHttp.OverrideView> {
    return this.send(BudgetingHttp.overrideView, `/budgeting/rounds/${seg(roundId)}/overrides`, body, { token });
  }

  publishResults(roundId: string, body: BudgetingHttp.PublishResultsRequest, token: string): Promise<BudgetingHttp.RoundResults> {
    return this.send(BudgetingHttp.roundResults, `/budgeting/rounds/${seg(roundId)}/results/publish`, body, { token, timeoutMs: 60_000 });
  }

  postProjectUpdate(projectId: string, body: BudgetingHttp.ProjectUpdateRequest, token: string): Promise<BudgetingHttp.ProjectDetail> {
    return this.send(BudgetingHttp.projectDetail, `/budgeting/projects/${seg(projectId)}/updates`, body, { token });
  }

  addMilestone(projectId: string, body: BudgetingHttp.AddMilestoneRequest, token: string): Promise<BudgetingHttp.ProjectDetail> {
    return this.send(BudgetingHttp.projectDetail, `/budgeting/projects/${seg(projectId)}/milestones`, body, { token });
  }

  milestoneReached(projectId: string, milestoneId: string, body: BudgetingHttp.MilestoneReachedRequest, token: string): Promise<BudgetingHttp.ProjectDetail> {
    return this.send(BudgetingHttp.projectDetail, `/budgeting/projects/${seg(projectId)}/milestones/${seg(milestoneId)}/reached`, body, { token });
  }

  /** Coordinators: what a rule would choose in any Pabulib election (the file's text as sent). */
  async analysePabulib(file: string, rule: BudgetingHttp.ResultRule, token: string): Promise<BudgetingHttp.PabulibAnalysisResult> {
    const answer = await this.postText<unknown>('/budgeting/analysis/pabulib', file, { token, query: { rule }, timeoutMs: 60_000 });
    return this.checked(BudgetingHttp.pabulibAnalysisResult, answer);
  }
}
