import { BudgetingHttp } from '@vaikuta/contracts';
import { BudgetingTestApp, roundInProposals, startBudgetingTestApp } from '../../test/budgeting-test-app';

// Real PostgreSQL, NATS and Redis (the test app), in a database and namespace of this file's own.
// Results publication (another feature) inserts the projects rows; here SQL stands in for it.
let t: BudgetingTestApp;
let coordinator: string;
let resident: string;


beforeAll(async () => {
  t = await startBudgetingTestApp('projects');
  coordinator = `Bearer ${await t.token('coordinator')}`;
  resident = `Bearer ${await t.token('resident', { sub: 'project-proposer-1' })}`;
});
afterAll(() => t?.close());

/** A round with one plan of two proposals (cost 80 000 €) that won: its project row, status planned. */
async function wonProject(): Promise<{ roundId: string; projectId: string; proposalIds: string[] }> {
  const { body: round } = await t.http().post('/budgeting/rounds').set('Authorization', coordinator).send(roundInProposals()).expect(201);
  const proposalIds: string[] = [];
  for (const title of ['Leikkipuisto Kallioon', 'Keinut Karhupuistoon']) {
    const { body } = await t
      .http()
      .post(`/budgeting/rounds/${round.id}/proposals`)
      .set('Authorization', resident)
      .send({ title, description: `${title}: ehdotuksen tarkempi kuvaus.`, language: 'fi', districtCode: 'keskinen' })
      .expect(201);
    proposalIds.push(body.id);
  }
  const { body: plan } = await t
    .http()
    .post(`/budgeting/rounds/${round.id}/plans`)
    .set('Authorization', coordinator)
    .send({ title: { fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' }, description: { fi: 'Kaksi ehdotusta.' }, districtCode: 'keskinen', proposalIds, cost: 80_000 })
    .expect(201);
  await t.dataSource.query(`INSERT INTO projects (id, round_id) VALUES ($1, $2)`, [plan.id, round.id]);
  return { roundId: round.id, projectId: plan.id, proposalIds };
}

const post = (path: string, body: object, auth = coordinator) => t.http().post(path).set('Authorization', auth).send(body);
const eventsOf = async (type: string, projectId: string) =>
  (await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = $1 AND envelope->'data'->>'projectId' = $2 ORDER BY seq`, [type, projectId])).map(
    (r: { data: unknown }) => r.data,
  );

describe('budgeting projects', () => {
  it('lists a round’s projects with title, district, cost, status, progress and the next milestone', async () => {
    const { roundId, projectId } = await wonProject();
    await post(`/budgeting/projects/${projectId}/milestones`, { version: 1, title: { fi: 'Suunnitelma valmis' }, dueDate: '2027-03-31' }).expect(201);
    await post(`/budgeting/projects/${projectId}/milestones`, { version: 2, title: { fi: 'Rakentaminen alkaa', sv: 'Byggandet börjar' } }).expect(201);

    const { body } = await t.http().get(`/budgeting/rounds/${roundId}/projects`).expect(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        id: projectId,
        roundId,
        title: { fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' },
        districtCode: 'keskinen',
        cost: 80_000,
        status: 'planned',
        progress: 0,
        version: 3,
        nextMilestone: expect.objectContaining({ title: { fi: 'Suunnitelma valmis' }, dueDate: '2027-03-31', reachedAt: null, position: 1 }),
      }),
    ]);
    await t.http().get('/budgeting/rounds/00000000-0000-4000-8000-000000000000/projects').expect(404);
  });

  it('publishes an update: the project, an update row, an audit entry and the event, newest update first on the page', async () => {
    const { projectId, proposalIds } = await wonProject();
    await post(`/budgeting/projects/${projectId}/updates`, { version: 1, status: 'in_progress', progress: 20, text: { fi: 'Työt alkoivat.', en: 'Work began.' } }).expect(201);
    const { body } = await post(`/budgeting/projects/${projectId}/updates`, { version: 2, status: 'in_progress', progress: 60, text: { fi: 'Keinut asennettu.' } }).expect(201);
    expect(body).toMatchObject({ status: 'in_progress', progress: 60, version: 3 });
    expect(body.updates.map((u: { progress: number }) => u.progress)).toEqual([60, 20]);
    expect(body.updates[1].text).toEqual({ fi: 'Työt alkoivat.', en: 'Work began.' });
    // The thread's end: the plan and its proposals, by id and title only (no proposer).
    expect(body.plan).toMatchObject({ id: projectId, cost: 80_000, districtCode: 'keskinen' });
    expect(body.proposals.map((p: { id: string }) => p.id).sort()).toEqual([...proposalIds].sort());
    expect(JSON.stringify(body)).not.toContain('project-proposer-1');

    const events = await eventsOf('fi.vaikuta.budgeting.project_progress_updated.v1', projectId);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ projectId, title: 'Kallion leikkipaikat', titles: { fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' }, progress: 'in_progress', percent: 60, note: 'Keinut asennettu.' });
    const audit = await t.dataSource.query(`SELECT version, action FROM project_audit WHERE entity_id = $1 ORDER BY version`, [projectId]);
    expect(audit).toEqual([
      { version: 2, action: 'update_published' },
      { version: 3, action: 'update_published' },
    ]);
  });

  it('refuses a stale version, a contradiction and bad input without writing anything', async () => {
    const { projectId } = await wonProject();
    const stale = await post(`/budgeting/projects/${projectId}/updates`, { version: 7, status: 'in_progress', progress: 10, text: { fi: 'Alkaa.' } }).expect(409);
    expect(stale.body.currentVersion).toBe(1);
    const done = await post(`/budgeting/projects/${projectId}/updates`, { version: 1, status: 'completed', progress: 90, text: { fi: 'Valmis.' } }).expect(400);
    expect(JSON.stringify(done.body)).toContain('progress');
    const range = await post(`/budgeting/projects/${projectId}/updates`, { version: 1, status: 'in_progress', progress: 101, text: { fi: 'Liikaa.' } }).expect(400);
    expect(range.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(range.body)).toContain('progress');
    const noFinnish = await post(`/budgeting/projects/${projectId}/updates`, { version: 1, status: 'in_progress', progress: 10, text: { en: 'Started.' } }).expect(400);
    expect(JSON.stringify(noFinnish.body)).toContain('text');
    const badDate = await post(`/budgeting/projects/${projectId}/milestones`, { version: 1, title: { fi: 'Lupa' }, dueDate: '31.3.2027' }).expect(400);
    expect(JSON.stringify(badDate.body)).toContain('dueDate');
    await post('/budgeting/projects/00000000-0000-4000-8000-000000000000/updates', { version: 1, status: 'in_progress', progress: 10, text: { fi: 'Alkaa.' } }).expect(404);

    const [row] = await t.dataSource.query(`SELECT version, status, progress FROM projects WHERE id = $1`, [projectId]);
    expect(row).toEqual({ version: 1, status: 'planned', progress: 0 });
    expect(await t.dataSource.query(`SELECT 1 FROM project_updates WHERE project_id = $1`, [projectId])).toEqual([]);
    expect(await eventsOf('fi.vaikuta.budgeting.project_progress_updated.v1', projectId)).toEqual([]);
  });

  it('only coordinators and admins report progress', async () => {
    const { projectId } = await wonProject();
    await post(`/budgeting/projects/${projectId}/updates`, { version: 1, status: 'in_progress', progress: 10, text: { fi: 'Alkaa.' } }, resident).expect(403);
    await t.http().post(`/budgeting/projects/${projectId}/milestones`).send({ version: 1, title: { fi: 'Lupa' } }).expect(401);
  });

  it('marks a milestone reached once: the milestone_reached event names the project and the milestone in every language written', async () => {
    const { roundId, projectId } = await wonProject();
    const { body: added } = await post(`/budgeting/projects/${projectId}/milestones`, { version: 1, title: { fi: 'Rakennuslupa myönnetty', sv: 'Bygglov beviljat' } }).expect(201);
    const milestoneId = added.milestones[0].id as string;
    const { body } = await post(`/budgeting/projects/${projectId}/milestones/${milestoneId}/reached`, { version: 2, note: 'Lupa saatiin etuajassa.' }).expect(200);
    expect(body.milestones[0]).toMatchObject({ id: milestoneId, note: 'Lupa saatiin etuajassa.', reachedAt: expect.any(String) });
    expect(body.nextMilestone).toBeNull();

    const events = await eventsOf('fi.vaikuta.budgeting.milestone_reached.v1', projectId);
    expect(events).toEqual([
      expect.objectContaining({ projectId, roundId, milestoneId, titles: { fi: 'Kallion leikkipaikat', sv: 'Lekplatser i Berghäll' }, milestone: { fi: 'Rakennuslupa myönnetty', sv: 'Bygglov beviljat' }, note: 'Lupa saatiin etuajassa.' }),
    ]);
    // Again: 409, no second event to tell voters twice.
    await post(`/budgeting/projects/${projectId}/milestones/${milestoneId}/reached`, { version: 3 }).expect(409);
    // A milestone of another project is not found through this one.
    const other = await wonProject();
    await post(`/budgeting/projects/${other.projectId}/milestones/${milestoneId}/reached`, { version: 1 }).expect(404);
    expect(await eventsOf('fi.vaikuta.budgeting.milestone_reached.v1', projectId)).toHaveLength(1);
  });
});
