import { randomUUID } from 'node:crypto';
import { BudgetingEvents } from '@vaikuta/contracts';
import { AudienceMember } from '../subscriptions/subscription.service';
import { onceEach } from '../delivery/notification-planner';
import { TemplateRenderer } from '../templates/template-renderer';
import { BUDGETING_SAMPLE_VIEWS, everyLanguage } from './budgeting-rules';
import { LANGUAGES, ruleFor } from './notification-rules';

const context = { portalUrl: 'https://p' };
const roundId = randomUUID();
const proposalId = randomUUID();
const planId = randomUUID();
const ref = { roundId, proposalId, title: 'Leikkipuisto Kallioon', districtCode: 'keskinen', language: 'sv' as const, proposerSub: 'proposer-1' };
const links = { unsubscribeUrl: 'https://u', unsubscribeAllUrl: 'https://a', preferencesUrl: 'https://pr' };

describe('budgeting notification rules', () => {
  it('sends the proposer alone a receipt at once, by their sub, with no one subscribed', () => {
    const rule = ruleFor(BudgetingEvents.proposalSubmitted.type)!;
    expect(rule.addressedTo!(ref)).toEqual(['proposer-1']);
    expect(rule.addressedTo!({ ...ref, proposerSub: undefined })).toEqual([]); // erased proposer: nobody
    expect(rule.immediate).toBe(true);
    expect(rule.view!(ref, context)).toEqual({ title: ref.title, summary: ref.title, link: `https://p/budgeting/proposals/${proposalId}` });
  });

  it('tells the screening outcome; only a proposal combined into a plan makes its proposer follow the plan', () => {
    const rule = ruleFor(BudgetingEvents.proposalScreened.type)!;
    expect(rule.view!({ ...ref, outcome: 'not_feasible', reason: 'Yksityistä maata.' }, context)).toMatchObject({ notFeasible: true, feasible: false, inPlan: false, reason: 'Yksityistä maata.' });
    expect(rule.follows!({ ...ref, outcome: 'feasible' })).toBeUndefined();
    expect(rule.follows!({ ...ref, outcome: 'in_plan', planId })).toEqual({ sub: 'proposer-1', language: 'sv', follow: [`budgeting-plan:${planId}`], unfollow: [] });
    expect(rule.follows!({ ...ref, outcome: 'in_plan', planId, proposerSub: undefined })).toBeUndefined();
  });

  it('tells the proposer their plan was withdrawn, and they stop following it', () => {
    const rule = ruleFor(BudgetingEvents.proposalScreened.type)!;
    const withdrawn = { ...ref, outcome: 'plan_withdrawn', planId };
    expect(BudgetingEvents.proposalScreened.schema.safeParse({ ...withdrawn, screenedAt: new Date().toISOString() }).success).toBe(true);
    expect(rule.view!(withdrawn, context)).toMatchObject({ planWithdrawn: true, inPlan: false, feasible: false, notFeasible: false });
    expect(rule.follows!(withdrawn)).toEqual({ sub: 'proposer-1', language: 'sv', follow: [], unfollow: [`budgeting-plan:${planId}`] });
    const renderer = new TemplateRenderer();
    for (const language of LANGUAGES) {
      const text = renderer.render('budgeting.proposal_screened', language, rule.view!(withdrawn, context) as Record<string, unknown>, links);
      expect(JSON.stringify(text)).toMatch(language === 'fi' ? /on peruttu/ : language === 'sv' ? /dragits tillbaka/ : /has been withdrawn/);
    }
  });

  it('gives an online voter a receipt naming no plan, and has them follow the plans on their ballot and stop following the dropped ones', () => {
    const rule = ruleFor(BudgetingEvents.ballotConfirmed.type)!;
    expect(rule.template).toBe('budgeting.ballot_confirmed');
    expect(rule.immediate).toBe(true);
    const kept = randomUUID();
    const dropped = randomUUID();
    const ballot = { roundId, ballotId: randomUUID(), channel: 'online', withdrawal: false, planIds: [planId, kept], droppedPlanIds: [dropped], confirmedAt: new Date().toISOString() };
    expect(rule.follows!({ ...ballot, voterSub: 'voter-1', language: 'en' })).toEqual({
      sub: 'voter-1',
      language: 'en',
      follow: [`budgeting-plan:${planId}`, `budgeting-plan:${kept}`],
      unfollow: [`budgeting-plan:${dropped}`],
      asOf: { scope: `budgeting-round:${roundId}`, at: ballot.confirmedAt },
    });
    // A paper or assisted ballot names nobody: nobody follows, nobody is sent a receipt.
    expect(rule.follows!({ ...ballot, channel: 'paper' })).toBeUndefined();
    expect(rule.addressedTo!({ ...ballot, channel: 'paper' })).toEqual([]);
    expect(rule.addressedTo!({ ...ballot, voterSub: 'voter-1' })).toEqual(['voter-1']);

    const renderer = new TemplateRenderer();
    const view = rule.view!({ ...ballot, confirmedAt: '2026-10-30T18:42:05.123Z' }, context) as Record<string, unknown>;
    expect(view).toMatchObject({ receiptId: ballot.ballotId, confirmedAt: '2026-10-30 18:42 UTC', link: `${context.portalUrl}/budgeting/${roundId}/vote/receipt` });
    const receipts = { fi: /Äänesi on kirjattu/, sv: /Din röst har registrerats/, en: /Your vote has been recorded/ };
    const withdrawn = { fi: /Äänesi on peruttu/, sv: /Din röst har återkallats/, en: /Your vote has been withdrawn/ };
    for (const language of LANGUAGES) {
      const recorded = JSON.stringify(renderer.render('budgeting.ballot_confirmed', language, view, links));
      expect(recorded).toMatch(receipts[language]);
      expect(recorded).toContain(ballot.ballotId);
      // The mailbox is not the booth: no plan of the ballot is named.
      expect(recorded).not.toContain(planId);
      const gone = JSON.stringify(renderer.render('budgeting.ballot_confirmed', language, { ...view, withdrawal: true }, links));
      expect(gone).toMatch(withdrawn[language]);
    }
  });

  it('tells the followers of every winning plan of the round, and the project updates to those following the plan', () => {
    const other = randomUUID();
    const results = ruleFor(BudgetingEvents.resultsPublished.type)!;
    expect(results.audienceItems!({ roundId, roundName: 'OmaStadi', winningProjectIds: [planId, other] })).toEqual([`budgeting-plan:${planId}`, `budgeting-plan:${other}`]);
    // The link opens the portal's results page (/budgeting/{roundId}/results), not the service's API path.
    expect(results.view!({ roundId, roundName: 'OmaStadi' }, { portalUrl: 'https://osallistu.example.fi' } as never)).toMatchObject({ link: `https://osallistu.example.fi/budgeting/${roundId}/results` });
    expect(ruleFor(BudgetingEvents.projectProgressUpdated.type)!.itemKey({ projectId: planId })).toBe(`budgeting-plan:${planId}`);
    expect(ruleFor(BudgetingEvents.milestoneReached.type)!.itemKey({ projectId: planId })).toBe(`budgeting-plan:${planId}`);
  });

  it('fills a language not written from Finnish, else the first written', () => {
    expect(everyLanguage({ fi: 'Puisto', en: 'Park' })).toEqual({ fi: 'Puisto', sv: 'Puisto', en: 'Park' });
    expect(everyLanguage({ sv: 'Park' })).toEqual({ fi: 'Park', sv: 'Park', en: 'Park' });
    expect(everyLanguage(undefined, 'Puisto')).toEqual({ fi: 'Puisto', sv: 'Puisto', en: 'Puisto' });
  });

  it('names the project and the milestone in the reader’s language', () => {
    const view = ruleFor(BudgetingEvents.milestoneReached.type)!.view!(
      { projectId: planId, roundId, milestoneId: randomUUID(), titles: { fi: 'Leikkipuisto Kallioon', sv: 'Lekpark i Berghäll' }, milestone: { fi: 'Lupa myönnetty' }, reachedAt: '2027-05-12T08:00:00.000Z' },
      context,
    );
    const renderer = new TemplateRenderer();
    const sv = renderer.render('budgeting.milestone_reached', 'sv', view, links);
    expect(sv.subject).toBe('Projektet ”Lekpark i Berghäll”: Lupa myönnetty');
    expect(sv.text).toContain('nådde ett delmål 2027-05-12');
    expect(sv.text).toContain(`https://p/budgeting/projects/${planId}?lang=sv`);
    const en = renderer.render('budgeting.milestone_reached', 'en', view, links);
    expect(en.subject).toBe('The project “Leikkipuisto Kallioon”: Lupa myönnetty'); // no English written: the Finnish
  });

  it('has every budgeting template in fi, sv and en, and each renders its sample without leaving a blank', () => {
    const renderer = new TemplateRenderer();
    for (const [template, view] of Object.entries(BUDGETING_SAMPLE_VIEWS)) {
      for (const language of LANGUAGES) {
        const message = renderer.render(template, language, view, links);
        expect(message.subject).not.toMatch(/””|“”|: $/);
        expect(message.text).toContain(`?lang=${language}`);
      }
    }
  });

  it('counts a person following two winning plans once, as a participant if they take part in either', () => {
    const member = (id: string, reason: 'participant' | 'follower'): AudienceMember => ({
      id, kind: 'person', email: null, phone: null, language: 'fi', channels: ['inapp'], digest: 'immediate', optOuts: [], reason, itemPublic: false,
    });
    expect(onceEach([member('a', 'follower'), member('b', 'participant'), member('a', 'participant')])).toEqual([member('a', 'participant'), member('b', 'participant')]);
  });
});
