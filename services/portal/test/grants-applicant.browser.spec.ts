import type { Page } from 'playwright-core';
import { GrantsHttp } from '@vaikuta/contracts';
import { DevClaims, GrantsOfficerPagesEnv, startGrantsOfficerPagesEnv } from './grants-officer-portal';

// The associations' and applicants' grants pages against the real grants service (its own
// process, database and NATS namespace), the portal in this process in front of it, in a
// browser without JavaScript at 375 px: every page must work as plain HTML.

const DAY = 24 * 60 * 60 * 1000;
/** 1234567-1 is valid (weights 7 9 10 5 8 4 2: 153 mod 11 = 10, check 1); -2 is the same with a wrong check digit. */
const VALID_ID = '1234567-1';
const WRONG_CHECK_DIGIT = '1234567-2';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('grants pages for associations and applicants', () => {
  let env: GrantsOfficerPagesEnv;
  let base: string;
  let round: GrantsHttp.GrantRoundDetail;
  let officer: string;
  let applicant: string;

  const token = (claims: DevClaims) => env.token(claims);

  beforeAll(async () => {
    env = await startGrantsOfficerPagesEnv('grants_applicant_pages');
    base = env.base;
    officer = await token({ sub: 'demo-grants_officer-olli', roles: ['grants_officer'] });
    applicant = await token({ sub: 'demo-resident-rita', roles: ['resident'], name: 'Rita Rahastonhoitaja', actingFor: [VALID_ID] });
    const now = Date.now();
    round = await env.api<GrantsHttp.GrantRoundDetail>('POST', '/grants/rounds', officer, {
      type: 'project',
      title: { fi: 'Kulttuurin projektiavustukset', sv: 'Projektunderstöd för kultur', en: 'Culture project grants' },
      department: 'KUVA',
      budgetCents: 5_000_000,
      opensAt: new Date(now - DAY).toISOString(),
      closesAt: new Date(now + 30 * DAY).toISOString(),
      criteria: [{ key: 'impact', label: { fi: 'Vaikuttavuus', sv: 'Verkan', en: 'Impact' }, weight: 100 }],
      requiredAttachments: [{ key: 'budget', label: { fi: 'Talousarvio', sv: 'Budget', en: 'Budget' } }],
      formFields: [
        { key: 'participants', label: { fi: 'Osallistujia', sv: 'Deltagare', en: 'Participants' }, kind: 'number', required: true },
        { key: 'starts', label: { fi: 'Alkaa', sv: 'Börjar', en: 'Starts' }, kind: 'date', required: true },
        {
          key: 'audience',
          label: { fi: 'Kohderyhmä', sv: 'Målgrupp', en: 'Audience' },
          kind: 'choice',
          required: false,
          choices: [
            { value: 'youth', label: { fi: 'Nuoret', sv: 'Unga', en: 'Young people' } },
            { value: 'seniors', label: { fi: 'Ikääntyneet', sv: 'Äldre', en: 'Older people' } },
          ],
        },
        { key: 'plan', label: { fi: 'Suunnitelma', sv: 'Plan', en: 'Plan' }, kind: 'text', required: true },
      ],
    });
  }, 180_000);

  afterAll(() => env?.close());

  /** Submits the form the button is in and waits for the page it leads to. */
  async function press(page: Page, selector: string) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  it('shows the vuosikello with the open round highlighted and its feed, and the round with its form and "apply"', async () => {
    const { context, page } = await env.visitor();
    const res = await page.goto(`${base}/grants`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent('#open-rounds')).toContain('Kulttuurin projektiavustukset');
    expect(await page.getAttribute('#ics-link', 'href')).toMatch(/^\/api\/grants\/calendar\.ics\?year=\d{4}$/);
    await env.accessible(page, 'grants-vuosikello');

    // The feed link works through the portal's proxy and is iCalendar.
    const ics = await fetch(`${base}${await page.getAttribute('#ics-link', 'href')}`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');

    await press(page, '#open-rounds a');
    expect(await page.textContent('h1')).toBe('Kulttuurin projektiavustukset');
    expect(await page.textContent('#required-attachments')).toContain('Talousarvio');
    expect(await page.textContent('#form-fields')).toContain('Osallistujia');
    expect(await page.textContent('#criteria')).toContain('Vaikuttavuus');
    expect(await page.getAttribute('#apply-link', 'href')).toBe(`/grants/rounds/${round.id}/apply`);
    await env.accessible(page, 'grants-round');

    // Swedish and English too, with no message key showing.
    for (const locale of ['sv-FI', 'en-GB']) {
      const other = await env.visitor(undefined, locale);
      await other.page.goto(`${base}/grants/rounds/${round.id}`);
      expect(await other.page.textContent('body')).not.toMatch(/\bga\.[a-z]/);
      await other.context.close();
    }
    await context.close();
  });

  it('registers an association: an invalid business ID is shown beside its field, a valid one lands in my associations', async () => {
    const { context, page } = await env.visitor(applicant);
    await page.goto(`${base}/grants/associations`);
    // The mandate's business ID is not registered yet: the page offers it.
    expect(await page.textContent('#unregistered-ids')).toContain(VALID_ID);
    await env.accessible(page, 'grants-associations-empty');

    await page.goto(`${base}/grants/associations/new`);
    await page.fill('#ga-reg-businessId', WRONG_CHECK_DIGIT);
    await page.fill('#ga-reg-name', 'Testikylän kulttuuriyhdistys ry');
    await page.fill('#ga-reg-address-street', 'Kirkkokatu 1');
    await page.fill('#ga-reg-address-postalCode', '04400');
    await page.fill('#ga-reg-address-city', 'Järvenpää');
    await page.fill('#ga-reg-iban', 'FI21 1234 5600 0007 85');
    await press(page, '#register-form button[type=submit]');
    expect(await page.textContent('#ga-reg-businessId-error')).toContain('Y-tunnus ei kelpaa');
    expect(await page.getAttribute('#ga-reg-businessId', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#ga-reg-businessId');
    // What was typed stays in the form.
    expect(await page.inputValue('#ga-reg-name')).toBe('Testikylän kulttuuriyhdistys ry');
    await env.accessible(page, 'grants-register-invalid');

    await page.fill('#ga-reg-businessId', VALID_ID);
    await press(page, '#register-form button[type=submit]');
    expect(page.url()).toMatch(/\/grants\/associations\/[0-9a-f-]{36}\?done=registered$/);
    expect(await page.textContent('h1')).toBe('Testikylän kulttuuriyhdistys ry');
    expect(await page.textContent('#representatives')).toContain('demo-resident-rita');
    await env.accessible(page, 'grants-association');

    await page.goto(`${base}/grants/associations`);
    expect(await page.textContent('#my-associations')).toContain('Testikylän kulttuuriyhdistys ry');
    expect(await page.$('#unregistered-ids')).toBeNull();
    await env.accessible(page, 'grants-associations');
    await context.close();
  });

  it('starts a draft, saves it, refuses an incomplete submission field by field, takes a PDF and submits; answers an information request', async () => {
    const { context, page } = await env.visitor(applicant);
    await page.goto(`${base}/grants/rounds/${round.id}/apply`);
    await env.accessible(page, 'grants-apply');
    await page.fill('#ga-app-title', 'Kesäteatteri nuorille');
    await page.fill('#ga-app-requestedCents', '2 500,50');
    await press(page, '#apply-form button[type=submit]');
    expect(page.url()).toMatch(/\/grants\/applications\/[0-9a-f-]{36}\/edit\?done=created$/);
    const id = page.url().split('/')[5];

    // Save a part of it; the draft keeps it.
    await page.fill('#ga-app-answers-participants', '40');
    await page.selectOption('#ga-app-answers-audience', 'youth');
    await press(page, '#save-draft');
    expect(page.url()).toContain('done=saved');
    expect(await page.inputValue('#ga-app-answers-participants')).toBe('40');
    expect(await page.inputValue('#ga-app-requestedCents')).toBe('2500,50');
    await env.accessible(page, 'grants-draft');

    // Submitting what is missing: the service's 400 beside each field and the attachment.
    await press(page, '#submit-application');
    expect(await page.textContent('#ga-app-answers-starts-error')).toContain('pitää vastata');
    expect(await page.textContent('#ga-app-answers-plan-error')).toContain('pitää vastata');
    expect(await page.textContent('#ga-app-attachments-budget')).toContain('Tämä liite puuttuu');
    await env.accessible(page, 'grants-draft-refused');

    // Attach the budget as a PDF (multipart, no script).
    await page.goto(`${base}/grants/applications/${id}/edit`);
    await page.selectOption('#ga-app-purpose', 'budget');
    await page.setInputFiles('#ga-app-file', { name: 'talousarvio.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(page, '#attach-submit');
    expect(page.url()).toContain('done=attached');
    expect(await page.textContent('#attachments')).toContain('talousarvio.pdf');
    expect(await page.textContent('#ga-app-attachments-budget')).toContain('lisätty');

    await page.fill('#ga-app-answers-starts', '2027-06-01');
    await page.fill('#ga-app-answers-plan', 'Kolme näytöstä puistossa.');
    await press(page, '#submit-application');
    expect(page.url()).toMatch(new RegExp(`/grants/applications/${id}\\?done=submitted$`));
    expect(await page.textContent('#application-state')).toBe('Lähetetty');
    await env.accessible(page, 'grants-application-sent');

    // The service holds it as submitted, with the answers as typed.
    const sent = await env.api<GrantsHttp.ApplicationDetail>('GET', `/grants/applications/${id}`, applicant);
    expect(sent).toMatchObject({ state: 'submitted', requestedCents: 250_050, answers: { participants: 40, audience: 'youth', starts: '2027-06-01', plan: 'Kolme näytöstä puistossa.' } });

    // An officer asks for more information.
    let a = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${id}/receive`, officer, { version: sent.version });
    a = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${id}/review`, officer, { version: a.version });
    await env.api('POST', `/grants/applications/${id}/information-requests`, officer, { version: a.version, message: 'Lähettäkää esiintyjien lista.' });

    await page.goto(`${base}/grants/applications`);
    expect(await page.textContent('#my-applications')).toContain('Odottaa lisätietoja');
    await env.accessible(page, 'grants-applications');

    await page.goto(`${base}/grants/applications/${id}`);
    expect(await page.textContent('#thread')).toContain('Lähettäkää esiintyjien lista.');
    // Too short an answer: the field says so, nothing is sent.
    await page.fill('#ga-app-message', 'x');
    await press(page, '#answer-form button[type=submit]');
    expect(await page.textContent('#ga-app-message-error')).toContain('vähintään 3');
    await env.accessible(page, 'grants-answer-refused');

    await page.fill('#ga-app-message', 'Lista on liitteenä: kolme ryhmää.');
    await press(page, '#answer-form button[type=submit]');
    expect(page.url()).toContain('done=answered');
    expect(await page.textContent('#thread')).toContain('Lista on liitteenä: kolme ryhmää.');
    expect(await page.textContent('#application-state')).toBe('Käsittelyssä');
    expect(await page.$('#answer-form')).toBeNull();
    await env.accessible(page, 'grants-application-answered');
    await context.close();
  });

  it('answers a refused submission and a refused file with 400, not 200, beside the fields', async () => {
    const { context, page } = await env.visitor(applicant);
    await page.goto(`${base}/grants/rounds/${round.id}/apply`);
    await page.fill('#ga-app-title', 'Syysnäyttely');
    await page.fill('#ga-app-requestedCents', '800');
    await press(page, '#apply-form button[type=submit]');
    expect(page.url()).toContain('done=created');

    const [submitted] = await Promise.all([page.waitForNavigation(), page.click('#submit-application')]);
    expect(submitted?.status()).toBe(400);
    expect(await page.textContent('#ga-app-attachments-budget')).toContain('Tämä liite puuttuu');

    // Named .pdf, but the bytes are a Windows program's: the service checks the bytes.
    await page.selectOption('#ga-app-purpose', 'budget');
    await page.setInputFiles('#ga-app-file', { name: 'talousarvio.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a PDF') });
    const [attached] = await Promise.all([page.waitForNavigation(), page.click('#attach-submit')]);
    expect(attached?.status()).toBe(400);
    expect(await page.textContent('#ga-app-file-error')).toBeTruthy();
    await context.close();
  });

  it('refuses a valid business ID the sign-in has no mandate for, and registers an unregistered group instead', async () => {
    const groupLeader = await token({ sub: 'demo-resident-kaisa', roles: ['resident'], name: 'Kaisa' });
    const { context, page } = await env.visitor(groupLeader);
    await page.goto(`${base}/grants/associations/new`);
    expect(await page.textContent('#mandate-none')).toBeTruthy();
    await page.fill('#ga-reg-businessId', '7654321-2');
    await page.fill('#ga-reg-name', 'Kaisan lukupiiri');
    await press(page, '#register-form button[type=submit]');
    expect(await page.textContent('#ga-reg-businessId-error')).toContain('ei asioi tämän Y-tunnuksen puolesta');

    // The business ID typed before stays in its field but is not sent for a group.
    await page.check('#ga-reg-ident-group');
    await press(page, '#register-form button[type=submit]');
    expect(page.url()).toContain('done=registered');
    expect(await page.textContent('#association-facts')).toContain('Rekisteröimätön ryhmä');
    expect(await page.textContent('#association-facts')).not.toContain('7654321-2');
    // A group without a mandate waits for an officer's check, and the page says what that allows.
    expect(await page.textContent('#association-verification')).toContain('odottaa avustusvalmistelijan tarkistusta');
    await context.close();
  });

  it('adds and removes a representative, refuses a bad IBAN beside its field, saves details and tells a stale form', async () => {
    const { context, page } = await env.visitor(applicant);
    const mine = await env.api<GrantsHttp.MyAssociations>('GET', '/grants/associations/mine', applicant);
    const associationUrl = `${base}/grants/associations/${mine.items[0].id}`;
    await page.goto(associationUrl);
    // The demo adds by sign-in identifier and says a real city would invite.
    expect(await page.textContent('#rep-add-hint')).toContain('kutsu');
    await page.fill('#ga-rep-sub', 'demo-resident-ville');
    await page.selectOption('#ga-rep-role', 'secretary');
    await page.fill('#ga-rep-name', 'Ville Sihteeri');
    await press(page, '#rep-add-form button[type=submit]');
    expect(page.url()).toContain('done=added');
    expect(await page.textContent('#representatives')).toContain('Ville Sihteeri');
    // Ville acts for it from now on.
    const ville = await token({ sub: 'demo-resident-ville', roles: ['resident'] });
    expect((await env.api<GrantsHttp.MyAssociations>('GET', '/grants/associations/mine', ville)).items).toHaveLength(1);

    await press(page, '#representatives tr:has-text("Ville Sihteeri") button');
    expect(page.url()).toContain('done=removed');
    expect(await page.textContent('#representatives')).not.toContain('Ville Sihteeri');

    await page.fill('#ga-edit-iban', 'FI00 0000');
    await press(page, '#edit-form button[type=submit]');
    expect(await page.textContent('#ga-edit-iban-error')).toContain('Tilinumero ei kelpaa');
    await env.accessible(page, 'grants-association-refused');
    await page.fill('#ga-edit-iban', 'FI21 1234 5600 0007 85');
    await page.fill('#ga-edit-nameSv', 'Testbyns kulturförening rf');
    await press(page, '#edit-form button[type=submit]');
    expect(page.url()).toContain('done=saved');
    expect(await page.textContent('#association-facts')).toContain('Testbyns kulturförening rf');

    // A form loaded before someone else's change is not applied over it.
    const stale = await env.visitor(applicant);
    await stale.page.goto(associationUrl);
    await page.fill('#ga-edit-email', 'yhdistys@example.fi');
    await press(page, '#edit-form button[type=submit]');
    await stale.page.fill('#ga-edit-email', 'vanha@example.fi');
    await press(stale.page, '#edit-form button[type=submit]');
    expect(stale.page.url()).toContain('done=conflict');
    expect(await stale.page.textContent('#association-facts')).toContain('yhdistys@example.fi');
    await stale.context.close();
    await context.close();
  });

  it('takes the report on the use of funds once paid, and withdraws another application', async () => {
    const mine = await env.api<GrantsHttp.MyAssociations>('GET', '/grants/associations/mine', applicant);
    const associationId = mine.items[0].id;
    const draft = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/rounds/${round.id}/applications`, applicant, {
      associationId,
      title: 'Syysnäyttely',
      requestedCents: 100_000,
      answers: { participants: 12, starts: '2027-09-01', plan: 'Näyttely kirjastossa.' },
    });
    const form = new FormData();
    form.append('purpose', 'budget');
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'budjetti.pdf');
    await env.api('POST', `/grants/applications/${draft.id}/attachments`, applicant, form);
    // Attaching may move the version on: submit with the one the service has now.
    const attached = await env.api<GrantsHttp.ApplicationDetail>('GET', `/grants/applications/${draft.id}`, applicant);
    let a = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${draft.id}/submit`, applicant, { version: attached.version });
    for (const step of ['receive', 'review']) a = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${draft.id}/${step}`, officer, { version: a.version });
    a = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/applications/${draft.id}/decision`, officer, {
      version: a.version,
      outcome: 'granted',
      grantedCents: 80_000,
      reasons: 'Osittain: tilavuokra ei kuulu avustukseen.',
      ahjoDecisionId: 'KUVA 2026 § 12',
      reportDue: '2027-12-31',
    });
    await env.api('POST', `/grants/applications/${draft.id}/payment`, officer, { version: a.version });

    const { context, page } = await env.visitor(applicant);
    await page.goto(`${base}/grants/applications/${draft.id}`);
    expect(await page.textContent('#decision')).toContain('800');
    expect(await page.textContent('#decision')).toContain('KUVA 2026 § 12');
    await env.accessible(page, 'grants-application-paid');
    await page.setInputFiles('#ga-report-file', { name: 'kuitit.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(page, '#report-attach-form button[type=submit]');
    expect(page.url()).toContain('done=attached');
    expect(await page.textContent('#attachments')).toContain('kuitit.pdf');
    await page.fill('#ga-app-text', 'Näyttely pidettiin, 140 kävijää. Kuitit liitteenä.');
    await press(page, '#report-form button[type=submit]');
    expect(page.url()).toContain('done=reported');
    expect(await page.textContent('#application-state')).toBe('Selvitys vastaanotettu');
    expect(await page.textContent('#report-text')).toContain('140 kävijää');

    // Another draft, withdrawn from its page.
    await page.goto(`${base}/grants/rounds/${round.id}/apply`);
    await page.fill('#ga-app-title', 'Turha hakemus');
    await page.fill('#ga-app-requestedCents', '100');
    await press(page, '#apply-form button[type=submit]');
    await press(page, 'a:has-text("Hakemuksen sivu")');
    await press(page, '#withdraw-form button[type=submit]');
    expect(page.url()).toContain('done=withdrawn');
    expect(await page.textContent('#application-state')).toBe('Peruttu');
    expect(await page.$('#withdraw-form')).toBeNull();
    await context.close();
  });

  it('speaks Swedish and English on every page, with no message key showing', async () => {
    const mine = await env.api<GrantsHttp.MyAssociations>('GET', '/grants/associations/mine', applicant);
    const apps = await env.api<GrantsHttp.ApplicationList>('GET', '/grants/applications/mine', applicant);
    const pages = [
      '/grants',
      `/grants/rounds/${round.id}`,
      `/grants/rounds/${round.id}/apply`,
      '/grants/associations',
      '/grants/associations/new',
      `/grants/associations/${mine.items[0].id}`,
      '/grants/applications',
      ...apps.items.map((a) => `/grants/applications/${a.id}`),
    ];
    for (const [locale, word] of [['sv-FI', 'Understöd'], ['en-GB', 'Grants']]) {
      const { context, page } = await env.visitor(applicant, locale);
      for (const path of pages) {
        const res = await page.goto(`${base}${path}`);
        expect(res?.status()).toBe(200);
        const body = (await page.textContent('body')) ?? '';
        expect(body).not.toMatch(/\b(ga|common|nav)\.[a-zA-Z]/);
        expect(body).toContain(word);
      }
      await context.close();
    }
  });

  it('starts a draft with the keyboard alone: each field and the button in reading order', async () => {
    const { context, page } = await env.visitor(applicant);
    await page.goto(`${base}/grants/rounds/${round.id}/apply`);
    await page.focus('#ga-app-associationId');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ga-app-title');
    await page.keyboard.type('Näppäimistöllä tehty');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ga-app-requestedCents');
    await page.keyboard.type('300');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tallenna luonnos');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toContain('/edit?done=created');
    expect(await page.inputValue('#ga-app-title')).toBe('Näppäimistöllä tehty');
    await context.close();
  });

  it('tells a draft whose round has closed that it can no longer be sent, not that someone changed it', async () => {
    const now = Date.now();
    const roundFields = {
      type: 'small' as const,
      title: { fi: 'Pienavustukset, kevät' },
      department: 'KUVA',
      budgetCents: 100_000,
      opensAt: new Date(now - DAY).toISOString(),
      closesAt: new Date(now + DAY).toISOString(),
    };
    const small = await env.api<GrantsHttp.GrantRoundDetail>('POST', '/grants/rounds', officer, roundFields);
    const mine = await env.api<GrantsHttp.MyAssociations>('GET', '/grants/associations/mine', applicant);
    const draft = await env.api<GrantsHttp.ApplicationDetail>('POST', `/grants/rounds/${small.id}/applications`, applicant, { associationId: mine.items[0].id, title: 'Myöhässä', requestedCents: 10_000 });
    const { context, page } = await env.visitor(applicant);
    await page.goto(`${base}/grants/applications/${draft.id}/edit`);
    // The officer closes the round while the form is open.
    await env.api('PUT', `/grants/rounds/${small.id}`, officer, { ...roundFields, version: small.version, closesAt: new Date(now - 60_000).toISOString() });
    await press(page, '#submit-application');
    expect(page.url()).toContain('done=roundClosed');
    expect(await page.textContent('[role=status]')).toContain('Haku ei ole enää avoinna');
    expect(await page.textContent('#application-state')).toBe('Luonnos');
    await context.close();
  });

  it('sends a stranger to sign in and hides another association’s application', async () => {
    const { context, page } = await env.visitor();
    await page.goto(`${base}/grants/associations/new`);
    expect(page.url()).toContain('/login?next=');
    const stranger = await token({ sub: 'demo-resident-sakari', roles: ['resident'] });
    const other = await env.visitor(stranger);
    const mine = await env.api<GrantsHttp.ApplicationList>('GET', '/grants/applications/mine', applicant);
    const res = await other.page.goto(`${base}/grants/applications/${mine.items[0].id}`);
    expect(res?.status()).toBe(404);
    expect(await other.page.textContent('body')).not.toContain('Kesäteatteri');
    await other.context.close();
    await context.close();
  });
});
