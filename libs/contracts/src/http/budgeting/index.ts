/**
 * HTTP contract of the budgeting service (services/budgeting, port 3003): participatory
 * budgeting (osallistuva budjetointi). Response shapes the portal reads and request bodies, as
 * zod schemas, one file per feature. Paths and field names marked ★ are fixed by issue 10:
 * outside clients depend on them.
 *
 * Roles: public needs no token; resident = a signed-in resident (eligibility is checked per
 * round from the token's birthdate, municipality and amr claims); staff = coordinator or admin.
 *
 * Rounds (rounds.ts)
 *   GET   /budgeting/rounds ★                         public   → { items: RoundSummary[] } ({id,title,phase,rule,...})
 *   GET   /budgeting/rounds/{roundId}                 public   → RoundDetail (phases with dates, districts, ballot rule)
 *   POST  /budgeting/rounds                           staff    CreateRoundRequest → 201 RoundDetail
 *   POST  /budgeting/rounds/{roundId}/phases          staff    MovePhasesRequest { version, phases, reason } → RoundDetail (audited)
 *   GET   /budgeting/rounds/{roundId}/eligibility     resident → Eligibility { eligible, refusals: [{code, message}] } in the caller's language
 *
 * Proposals and plans (proposals.ts)
 *   GET   /budgeting/rounds/{roundId}/proposals       public   ?district&status&q&limit&cursor → keyset page
 *   POST  /budgeting/rounds/{roundId}/proposals       resident Idempotency-Key; eligible; proposals phase → 201
 *   GET   /budgeting/proposals/{id}                   public   → the thread: source (feedback/initiative) → proposal → plan → project
 *   POST  /budgeting/proposals/{id}/screening         staff    { version, outcome: feasible|not_feasible, reason (public, required) }
 *   GET   /budgeting/rounds/{roundId}/plans           public   ?district → plans on the ballot
 *   POST  /budgeting/rounds/{roundId}/plans           staff    combine proposals into a plan
 *   PATCH /budgeting/plans/{planId}                   staff    { version, cost?, title?, description?, incompatibleGroup? } (cost estimate)
 *
 * Ballots (ballots.ts)
 *   GET   /budgeting/rounds/{roundId}/ballot          resident → the caller's counted ballot or null
 *   PUT   /budgeting/rounds/{roundId}/ballot          resident Idempotency-Key; { districtCode, district: planId[], cityWide: planId[], confirmed: true } → receipt
 *   DELETE /budgeting/rounds/{roundId}/ballot         resident withdraws (an entry in the log too)
 *   POST  /budgeting/rounds/{roundId}/ballots/assisted staff   { identityCode, place, ...ballot } → receipt
 *   POST  /budgeting/rounds/{roundId}/ballots/paper   staff    { sheetId, identityCode, ...ballot } → receipt
 *   GET   /budgeting/rounds/{roundId}/reconciliation  staff    → people seen in several channels, which ballot counted and why
 *
 * Results (results.ts)
 *   POST  /budgeting/rounds/{roundId}/results/compute staff    → draft results (by the round's rule)
 *   POST  /budgeting/rounds/{roundId}/results/publish staff    { version } → published; proposers and voters told
 *   POST  /budgeting/rounds/{roundId}/overrides       staff    { planId, decision: fund|exclude, reason (public) }
 *   GET   /budgeting/rounds/{roundId}/results ★       public once published → { rule, districts: [{ code, winners: [planId], ... }] }
 *   GET   /budgeting/rounds/{roundId}/pabulib ★       public once published; ?district={code} → text/plain Pabulib file
 *   GET   /budgeting/rounds/{roundId}/turnout         public once published → by district, age band, channel
 *   GET   /budgeting/rounds/{roundId}/ballots.csv     public once published → anonymised ballots
 *   POST  /budgeting/analysis/pabulib ★               staff    ?rule=greedy|mes; text/plain Pabulib → { rule, budget, winners, cost }
 *
 * Projects (projects.ts)
 *   GET   /budgeting/rounds/{roundId}/projects, /budgeting/projects/{id}   public
 *   POST  /budgeting/projects/{id}/updates, /milestones, /milestones/{mid}/reached   staff
 *
 * Bad input is 400 problem+json naming the field; a stale version 409 with currentVersion; an
 * action outside its phase 409 naming the phase; a refused voter 403 with the refusals.
 */
export * from './rounds';
export * from './ballots';
export * from './proposals';
export * from './results';
export * from './projects';
