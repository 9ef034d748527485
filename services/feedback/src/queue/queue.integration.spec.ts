import { waitFor } from '@vaikuta/testing';
import { startFeedbackTestApp, FeedbackTestApp } from '../../test/feedback-test-app';

describe('case-worker queues and case work', () => {
  let t: FeedbackTestApp;
  let kymp: string;
  let kasko: string;
  let admin: string;

  beforeAll(async () => {
    t = await startFeedbackTestApp('queue');
    kymp = await t.token('case_worker', ['KYMP'], 'worker-kymp');
    kasko = await t.token('case_worker', ['KASKO'], 'worker-kasko');
    admin = await t.token('admin', [], 'admin-1');
  });
  afterAll(() => t?.close());

  const submit = async (overrides: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post('/feedback/requests')
        .send({
          kind: 'fault',
          categoryCode: '171',
          description: 'Katulamppu on rikki ja tie on pimeä.',
          address: 'Helsinginkatu 1',
          districtCode: 'kallio',
          email: 'asukas@example.fi',
          contactConsent: true,
          language: 'fi',
          ...overrides,
        })
        .expect(201)
    ).body as { id: string; trackingCode: string };

  const eventsFor = async (id: string) =>
    (await t.reader.events(t.stream)).filter((e) => e.event.data.requestId === id).map((e) => e.event);

  it('takes a request through claim, reply and resolve, with events and an audit trail', async () => {
    const { id } = await submit();
    const claimed = await t.http().post(`/feedback/cases/${id}/claim`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
    expect(claimed.body).toEqual({ id, version: 2, status: 'in_process' });

    await t.http().post(`/feedback/cases/${id}/replies`).auth(kymp, { type: 'bearer' }).send({ version: 2, body: 'Korjaamme lampun tällä viikolla.' }).expect(201);
    await t.http().post(`/feedback/cases/${id}/notes`).auth(kymp, { type: 'bearer' }).send({ body: 'Tilattu urakoitsijalta.' }).expect(201);
    await t.http().post(`/feedback/cases/${id}/resolve`).auth(kymp, { type: 'bearer' }).send({ version: 3, resolution: 'Lamppu vaihdettu.' }).expect(200);

    const detail = (await t.http().get(`/feedback/cases/${id}`).auth(kymp, { type: 'bearer' }).expect(200)).body;
    expect(detail).toMatchObject({ status: 'resolved', statusNote: 'Lamppu vaihdettu.', assigneeId: 'worker-kymp', version: 4 });
    expect(detail.firstReplyAt).not.toBeNull();
    expect(detail.messages.map((m: { visibility: string }) => m.visibility)).toEqual(['public', 'internal']);
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual(['submitted', 'claimed', 'replied', 'noted', 'resolved']);
    expect(detail.audit[1]).toMatchObject({ actorId: 'worker-kymp', actorRole: 'case_worker' });

    const events = await waitFor(async () => {
      const e = await eventsFor(id);
      return e.length === 4 ? e : undefined;
    });
    expect(events.map((e) => e.type)).toEqual([
      'fi.vaikuta.feedback.submitted.v1',
      'fi.vaikuta.feedback.status_changed.v1',
      'fi.vaikuta.feedback.replied.v1',
      'fi.vaikuta.feedback.resolved.v1',
    ]);
    expect(events[2].data).toMatchObject({ body: 'Korjaamme lampun tällä viikolla.', contact: { email: 'asukas@example.fi' } });
    expect(events[3].data).toMatchObject({ resolution: 'Lamppu vaihdettu.', by: { id: 'worker-kymp', role: 'case_worker' } });
  });

  it('answers 409 to a stale edit and writes nothing', async () => {
    const { id } = await submit();
    await t.http().post(`/feedback/cases/${id}/claim`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
    const stale = await t.http().post(`/feedback/cases/${id}/reject`).auth(kymp, { type: 'bearer' }).send({ version: 1, reason: 'Ei kaupungin asia' }).expect(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ status: 409, currentVersion: 2 });
    const detail = (await t.http().get(`/feedback/cases/${id}`).auth(kymp, { type: 'bearer' }).expect(200)).body;
    expect(detail.status).toBe('in_process');
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual(['submitted', 'claimed']);
  });

  it('refuses impossible transitions and missing reasons with clear errors', async () => {
    const { id } = await submit();
    const skip = await t.http().post(`/feedback/cases/${id}/resolve`).auth(kymp, { type: 'bearer' }).send({ version: 1, resolution: 'Korjattu' }).expect(409);
    expect(skip.body.detail).toBe('A request that is received cannot become resolved');
    const noReason = await t.http().post(`/feedback/cases/${id}/reject`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const noVersion = await t.http().post(`/feedback/cases/${id}/claim`).auth(kymp, { type: 'bearer' }).send({}).expect(400);
    expect(noVersion.body.errors[0].field).toBe('version');
  });

  it('keeps departments apart and residents out', async () => {
    const { id } = await submit();
    await t.http().get(`/feedback/cases/${id}`).auth(kasko, { type: 'bearer' }).expect(403);
    await t.http().get('/feedback/queues/KYMP').auth(kasko, { type: 'bearer' }).expect(403);
    await t.http().get('/feedback/queues/KYMP').expect(401);
    const resident = await t.token('resident');
    await t.http().get('/feedback/queues/KYMP').auth(resident, { type: 'bearer' }).expect(403);
    await t.http().get('/feedback/queues/KYMP').auth(admin, { type: 'bearer' }).expect(200);
  });

  it('forwards to another department, whose queue then holds it', async () => {
    const { id } = await submit();
    await t.http().post(`/feedback/cases/${id}/claim`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
    await t.http().post(`/feedback/cases/${id}/forward`).auth(kymp, { type: 'bearer' }).send({ version: 2, departmentCode: 'NOPE' }).expect(400);
    await t.http().post(`/feedback/cases/${id}/forward`).auth(kymp, { type: 'bearer' }).send({ version: 2, departmentCode: 'KASKO', note: 'Koulun piha' }).expect(200);
    await t.http().get(`/feedback/cases/${id}`).auth(kymp, { type: 'bearer' }).expect(403);
    const queue = (await t.http().get('/feedback/queues/KASKO').auth(kasko, { type: 'bearer' }).expect(200)).body;
    expect(queue.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'received', assigneeId: null });
    await waitFor(async () => (await eventsFor(id)).some((e) => e.type === 'fi.vaikuta.feedback.forwarded.v1' && e.data.fromDepartmentCode === 'KYMP'));
  });

  it('merges a duplicate into its original and publishes for the public lists', async () => {
    const original = await submit();
    const duplicate = await submit({ description: 'Sama lamppu on edelleen rikki, pimeää.' });
    await t.http().post(`/feedback/cases/${duplicate.id}/merge`).auth(kymp, { type: 'bearer' }).send({ version: 1, originalId: duplicate.id }).expect(400);
    await t.http().post(`/feedback/cases/${duplicate.id}/merge`).auth(kymp, { type: 'bearer' }).send({ version: 1, originalId: original.id }).expect(200);
    const dup = (await t.http().get(`/feedback/cases/${duplicate.id}`).auth(kymp, { type: 'bearer' })).body;
    expect(dup).toMatchObject({ status: 'resolved', mergedIntoId: original.id });
    const merged = await waitFor(async () => (await eventsFor(duplicate.id)).find((e) => e.type === 'fi.vaikuta.feedback.merged.v1'));
    expect(merged.data).toMatchObject({ originalRequestId: original.id, originalTrackingCode: original.trackingCode });

    await t.http().post(`/feedback/cases/${original.id}/publish`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
    await t.http().post(`/feedback/cases/${original.id}/publish`).auth(kymp, { type: 'bearer' }).send({ version: 2 }).expect(409);
    await waitFor(async () => (await eventsFor(original.id)).some((e) => e.type === 'fi.vaikuta.feedback.published.v1'));
  });

  describe('merging never exposes the original', () => {
    const merge = (id: string, token: string, body: Record<string, unknown>) => t.http().post(`/feedback/cases/${id}/merge`).auth(token, { type: 'bearer' }).send(body);
    const tracking = async (id: string) => (await t.http().get(`/feedback/public/requests/${id}`).expect(200)).body;
    const mergedEvent = (id: string) => waitFor(async () => (await eventsFor(id)).find((e) => e.type === 'fi.vaikuta.feedback.merged.v1'));

    it('refuses a merge into another department’s case with 403, and changes nothing', async () => {
      const kuvaCase = await submit({ categoryCode: '310', description: 'Salainen KUVA-asia: naapurin osoite Kuvakatu 5.' });
      const duplicate = await submit();
      const refused = await merge(duplicate.id, kymp, { version: 1, originalTrackingCode: kuvaCase.trackingCode }).expect(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      await merge(duplicate.id, kymp, { version: 1, originalId: kuvaCase.id }).expect(403);
      const dup = (await t.http().get(`/feedback/cases/${duplicate.id}`).auth(kymp, { type: 'bearer' })).body;
      expect(dup).toMatchObject({ status: 'received', mergedIntoId: null, version: 1 });
      // An admin may act anywhere.
      await merge(duplicate.id, admin, { version: 1, originalTrackingCode: kuvaCase.trackingCode }).expect(200);
      // Closed again, so the KUVA queue test below sees only its own requests.
      await t.http().post(`/feedback/cases/${kuvaCase.id}/reject`).auth(admin, { type: 'bearer' }).send({ version: 1, reason: 'Testin jälkeen suljettu' }).expect(200);
    });

    it('merges by the tracking code staff see; the duplicate’s page shows none of the unpublished original', async () => {
      const original = await submit({ description: 'Yksityinen teksti: asun Piilokatu 7 B 12.', address: 'Piilokatu 7' });
      await t.http().post(`/feedback/cases/${original.id}/replies`).auth(kymp, { type: 'bearer' }).send({ version: 1, body: 'Hei Anna, tulemme kotiovellesi.' }).expect(201);
      const duplicate = await submit({ description: 'Sama lamppu on edelleen rikki.' });
      const bad = await merge(duplicate.id, kymp, { version: 1, originalTrackingCode: 'lamppu' }).expect(400);
      expect(bad.body.errors[0].field).toBe('originalTrackingCode');
      const none = await merge(duplicate.id, kymp, { version: 1, originalTrackingCode: 'VKT-1999-999999' }).expect(400);
      expect(none.body.errors[0].field).toBe('originalTrackingCode');
      await merge(duplicate.id, kymp, { version: 1 }).expect(400);
      await merge(duplicate.id, kymp, { version: 1, originalTrackingCode: original.trackingCode.toLowerCase() }).expect(200);

      const page = await tracking(duplicate.id);
      expect(page.mergedInto).toEqual({ published: false });
      const text = JSON.stringify(page);
      for (const secret of [original.id, original.trackingCode, 'Piilokatu', 'kotiovellesi']) expect(text).not.toContain(secret);

      const event = await mergedEvent(duplicate.id);
      expect(event.data).toMatchObject({ originalTrackingCode: original.trackingCode, originalStatus: 'received', originalPublished: false });
      expect(event.data.originalOutcome).toBeUndefined();
      expect(JSON.stringify(event.data)).not.toMatch(/Piilokatu|kotiovellesi/);

      // Once the original is published, the duplicate's page leads to its public page by code only.
      const orig = (await t.http().get(`/feedback/cases/${original.id}`).auth(kymp, { type: 'bearer' })).body;
      await t.http().post(`/feedback/cases/${original.id}/publish`).auth(kymp, { type: 'bearer' }).send({ version: orig.version }).expect(200);
      const after = await tracking(duplicate.id);
      expect(after.mergedInto).toEqual({ published: true, trackingCode: original.trackingCode });
      expect(JSON.stringify(after)).not.toContain(original.id);
    });

    it('tells the outcome of an original that is already resolved', async () => {
      const original = await submit();
      await t.http().post(`/feedback/cases/${original.id}/claim`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
      await t.http().post(`/feedback/cases/${original.id}/resolve`).auth(kymp, { type: 'bearer' }).send({ version: 2, resolution: 'Lamppu vaihdettu 3.12.' }).expect(200);
      const duplicate = await submit();
      await merge(duplicate.id, kymp, { version: 1, originalTrackingCode: original.trackingCode }).expect(200);
      const event = await mergedEvent(duplicate.id);
      expect(event.data).toMatchObject({ originalStatus: 'resolved', originalOutcome: 'Lamppu vaihdettu 3.12.', originalPublished: false });
    });
  });

  it('requires an outcome to resolve, naming the field', async () => {
    const { id } = await submit();
    await t.http().post(`/feedback/cases/${id}/claim`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
    for (const body of [{ version: 2 }, { version: 2, resolution: '   ' }]) {
      const res = await t.http().post(`/feedback/cases/${id}/resolve`).auth(kymp, { type: 'bearer' }).send(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'resolution' })]);
    }
  });

  describe('the staff directory', () => {
    it('records staff from their own requests and lists a department’s colleagues by name', async () => {
      const maija = await t.token('case_worker', ['KYMP'], 'maija-sub', 'Maija Meikäläinen');
      const kalle = await t.token('case_worker', ['KASKO'], 'kalle-sub', 'Kalle Koulu');
      // Nobody is listed before they have made a request.
      await t.http().get('/feedback/queues/KYMP').auth(maija, { type: 'bearer' }).expect(200);
      await t.http().get('/feedback/queues/KASKO').auth(kalle, { type: 'bearer' }).expect(200);
      const kympStaff = (await t.http().get('/feedback/staff?department=KYMP').auth(maija, { type: 'bearer' }).expect(200)).body.items;
      expect(kympStaff).toEqual(expect.arrayContaining([{ id: 'maija-sub', name: 'Maija Meikäläinen', role: 'case_worker', departments: ['KYMP'] }]));
      expect(kympStaff.map((s: { id: string }) => s.id)).not.toContain('kalle-sub');
      // Another department's list is not theirs to read; residents read none.
      await t.http().get('/feedback/staff?department=KYMP').auth(kalle, { type: 'bearer' }).expect(403);
      await t.http().get('/feedback/staff').auth(await t.token('resident'), { type: 'bearer' }).expect(403);
      await t.http().get('/feedback/staff').expect(401);
      const bad = await t.http().get('/feedback/staff?department=').auth(maija, { type: 'bearer' }).expect(400);
      expect(bad.body.errors[0].field).toBe('department');

      // A changed name is recorded on the next request, without waiting for the refresh.
      const renamed = await t.token('case_worker', ['KYMP'], 'maija-sub', 'Maija Virtanen');
      await t.http().get('/feedback/queues/KYMP').auth(renamed, { type: 'bearer' }).expect(200);
      const [row] = await t.dataSource.query(`SELECT name FROM staff_members WHERE sub = 'maija-sub'`);
      expect(row.name).toBe('Maija Virtanen');
    });

    it('names the people of a case’s history and its assignee', async () => {
      const maija = await t.token('case_worker', ['KYMP'], 'maija-sub', 'Maija Virtanen');
      const { id } = await submit();
      await t.http().post(`/feedback/cases/${id}/assign`).auth(maija, { type: 'bearer' }).send({ version: 1, assigneeId: 'maija-sub' }).expect(200);
      const detail = (await t.http().get(`/feedback/cases/${id}`).auth(maija, { type: 'bearer' }).expect(200)).body;
      expect(detail.people['maija-sub']).toEqual({ name: 'Maija Virtanen', role: 'case_worker' });
    });
  });

  it('shows likely duplicates: same category, nearby, open, in the caller’s scope only', async () => {
    const at = { lat: 60.1841, lon: 24.9497, address: undefined };
    const first = await submit({ ...at, description: 'Katulamppu pimeänä Kallion kirjaston edessä.' });
    const near = await submit({ lat: 60.1849, lon: 24.9497, address: undefined, description: 'Lamppu ei pala kirjaston kohdalla.' });
    const far = await submit({ lat: 60.2, lon: 24.9497, address: undefined, description: 'Lamppu rikki kaukana täältä.' });
    const otherCategory = await submit({ ...at, kind: 'feedback', categoryCode: '310', description: 'Kirjaston aukioloajat ovat liian lyhyet.' });
    const detail = (await t.http().get(`/feedback/cases/${first.id}`).auth(kymp, { type: 'bearer' }).expect(200)).body;
    const ids = detail.likelyDuplicates.map((d: { id: string }) => d.id);
    expect(ids).toContain(near.id);
    expect(ids).not.toContain(far.id);
    expect(ids).not.toContain(otherCategory.id);
    expect(detail.likelyDuplicates.find((d: { id: string }) => d.id === near.id)).toMatchObject({ trackingCode: near.trackingCode, distanceMetres: 90 });
    // Once merged, it is no longer suggested.
    await t.http().post(`/feedback/cases/${near.id}/merge`).auth(kymp, { type: 'bearer' }).send({ version: 1, originalTrackingCode: first.trackingCode }).expect(200);
    const after = (await t.http().get(`/feedback/cases/${first.id}`).auth(kymp, { type: 'bearer' }).expect(200)).body;
    expect(after.likelyDuplicates.map((d: { id: string }) => d.id)).not.toContain(near.id);
    for (const id of [first.id, far.id]) await t.http().post(`/feedback/cases/${id}/reject`).auth(kymp, { type: 'bearer' }).send({ version: 1, reason: 'Testin jälkeen suljettu' }).expect(200);
    await t.http().post(`/feedback/cases/${otherCategory.id}/reject`).auth(admin, { type: 'bearer' }).send({ version: 1, reason: 'Testin jälkeen suljettu' }).expect(200);
  });

  it('searches the queue by tracking code or text, in every state', async () => {
    const searcher = await t.token('case_worker', ['KYMP'], 'searcher');
    const lamp = await submit({ description: 'Puistolamppu vilkkuu Sibeliuksen puistossa.' });
    const other = await submit({ description: 'Roska-astia on täynnä torilla.' });
    await t.http().post(`/feedback/cases/${lamp.id}/reject`).auth(searcher, { type: 'bearer' }).send({ version: 1, reason: 'Hoidettu jo aiemmin' }).expect(200);
    const search = async (q: string) =>
      (await t.http().get(`/feedback/queues/KYMP?q=${encodeURIComponent(q)}`).auth(searcher, { type: 'bearer' }).expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await search(lamp.trackingCode.toLowerCase())).toEqual([lamp.id]);
    expect(await search('puistolamppu')).toEqual([lamp.id]);
    expect(await search('roska-astia')).toContain(other.id);
    expect(await search('roska-astia')).not.toContain(lamp.id);
    const bad = await t.http().get('/feedback/queues/KYMP?q=').auth(searcher, { type: 'bearer' }).expect(400);
    expect(bad.body.errors[0].field).toBe('q');
  });

  it('unpublishes with an event in the same transaction, and only what is public', async () => {
    const { id, trackingCode } = await submit();
    const notPublic = await t.http().post(`/feedback/cases/${id}/unpublish`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(409);
    expect(notPublic.body.detail).toBe('The request is not public');
    await t.http().post(`/feedback/cases/${id}/publish`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(200);
    await t.http().post(`/feedback/cases/${id}/unpublish`).auth(kymp, { type: 'bearer' }).send({ version: 1 }).expect(409); // stale
    await t.http().post(`/feedback/cases/${id}/unpublish`).auth(kymp, { type: 'bearer' }).send({ version: 2 }).expect(200);

    const detail = (await t.http().get(`/feedback/cases/${id}`).auth(kymp, { type: 'bearer' }).expect(200)).body;
    expect(detail).toMatchObject({ published: false, publishedAt: null, version: 3 });
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual(['submitted', 'published', 'unpublished']);
    const [{ outbox }] = await t.dataSource.query(`SELECT count(*)::int AS outbox FROM outbox WHERE envelope->'data'->>'requestId' = $1`, [id]);
    expect(outbox).toBe(3); // submitted, published, unpublished: the refused attempts wrote nothing

    const events = await waitFor(async () => {
      const e = await eventsFor(id);
      return e.length === 3 ? e : undefined;
    });
    expect(events.map((e) => e.type)).toEqual([
      'fi.vaikuta.feedback.submitted.v1',
      'fi.vaikuta.feedback.published.v1',
      'fi.vaikuta.feedback.unpublished.v1',
    ]);
    expect(events[2].data).toMatchObject({ requestId: id, trackingCode, by: { id: 'worker-kymp', role: 'case_worker' }, unpublishedAt: expect.any(String) });
  });

  it('filters the queue and pages through it with a keyset cursor', async () => {
    const label = await t.token('case_worker', ['KUVA'], 'worker-kuva');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit({ categoryCode: '310', kind: i % 2 ? 'idea' : 'feedback', districtCode: i < 2 ? 'malmi' : 'kallio', address: undefined })).id);
    // Due dates come from the submit time, so the queue order is the submit order.
    const page1 = (await t.http().get('/feedback/queues/KUVA?limit=2').auth(label, { type: 'bearer' }).expect(200)).body;
    const page2 = (await t.http().get(`/feedback/queues/KUVA?limit=2&cursor=${page1.nextCursor}`).auth(label, { type: 'bearer' }).expect(200)).body;
    const page3 = (await t.http().get(`/feedback/queues/KUVA?limit=2&cursor=${page2.nextCursor}`).auth(label, { type: 'bearer' }).expect(200)).body;
    expect([...page1.items, ...page2.items, ...page3.items].map((i: { id: string }) => i.id)).toEqual(ids);
    expect(page3.nextCursor).toBeNull();

    const ideas = (await t.http().get('/feedback/queues/KUVA?kind=idea').auth(label, { type: 'bearer' })).body.items;
    expect(ideas.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[3]]);
    const malmi = (await t.http().get('/feedback/queues/KUVA?district=malmi').auth(label, { type: 'bearer' })).body.items;
    expect(malmi).toHaveLength(2);
    await t.http().post(`/feedback/cases/${ids[4]}/claim`).auth(label, { type: 'bearer' }).send({ version: 1 }).expect(200);
    const mine = (await t.http().get('/feedback/queues/KUVA?assignee=me').auth(label, { type: 'bearer' })).body.items;
    expect(mine.map((i: { id: string }) => i.id)).toEqual([ids[4]]);
    const unassigned = (await t.http().get('/feedback/queues/KUVA?assignee=none&status=received').auth(label, { type: 'bearer' })).body.items;
    expect(unassigned).toHaveLength(4);
    await t.dataSource.query(`UPDATE feedback_requests SET due_at = now() - interval '1 day' WHERE id = $1`, [ids[0]]);
    const overdue = (await t.http().get('/feedback/queues/KUVA?overdue=true').auth(label, { type: 'bearer' })).body.items;
    expect(overdue.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([[ids[0], true]]);

    const bad = await t.http().get('/feedback/queues/KUVA?status=lost&cursor=zzz').auth(label, { type: 'bearer' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('status.0');
    await t.http().get('/feedback/queues/KUVA?cursor=zzz').auth(label, { type: 'bearer' }).expect(400);
  });
});
