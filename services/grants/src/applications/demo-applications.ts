import { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import type { GrantsHttp } from '@vaikuta/contracts';
import { ApplicantApplicationsService } from './applicant-applications.service';
import { ApplicationAttachmentsService } from './application-attachments.service';
import { ApplicationRepository } from './application.repository';
import { OfficerApplicationsService } from './officer-applications.service';

/** An association of the demo register and the sub of one of its representatives. */
export interface DemoApplicant {
  associationId: string;
  representativeSub: string;
}

const DEMO_OFFICER: AuthUser = { sub: 'demo-grants-officer', roles: ['grants_officer'], departments: [], associations: [] };
const DEMO_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Title (Demo) >> endobj\ntrailer << >>\n%%EOF\n');

/** Where each demo application ends: one of every stage an officer's queue shows. */
const STORIES: { title: string; requestedCents: number; until: 'draft' | 'submitted' | 'in_review' | 'awaiting_information' | 'granted' | 'paid' | 'rejected' }[] = [
  { title: 'Nuorten kesäleiri', requestedCents: 450_000, until: 'paid' },
  { title: 'Kotiseutupäivät', requestedCents: 120_000, until: 'granted' },
  { title: 'Lukupiiri senioreille', requestedCents: 80_000, until: 'awaiting_information' },
  { title: 'Lähiliikuntapaikan talkoot', requestedCents: 200_000, until: 'in_review' },
  { title: 'Kuorokonsertti kirjastossa', requestedCents: 150_000, until: 'submitted' },
  { title: 'Maalauskurssi maahanmuuttajille', requestedCents: 90_000, until: 'rejected' },
  { title: 'Pihakirppis', requestedCents: 30_000, until: 'draft' },
];

/**
 * Demo applications in the demo round, through the real services (audit and events as live
 * use leaves them), each association's representative applying and a demo officer handling.
 * Idempotent: a round that already has applications is left alone.
 */
export async function seedDemoApplications(app: INestApplicationContext, roundId: string, applicants: DemoApplicant[]): Promise<string> {
  const repository = app.get(ApplicationRepository);
  const [{ count }] = await repository.dataSource.query(`SELECT count(*)::int AS count FROM grant_applications WHERE round_id = $1`, [roundId]);
  if (count > 0 || applicants.length === 0) return 'applications: already there';
  const round = await repository.round(roundId);
  if (!round) return 'applications: no demo round';
  const applicant = app.get(ApplicantApplicationsService);
  const officer = app.get(OfficerApplicationsService);
  const attachments = app.get(ApplicationAttachmentsService);
  const answers = Object.fromEntries(round.formFields.map((f) => [f.key, demoAnswer(f)]));

  for (const [i, story] of STORIES.entries()) {
    const who = applicants[i % applicants.length];
    const rep: AuthUser = { sub: who.representativeSub, roles: ['resident'], departments: [], associations: [] };
    let a = await applicant.create(roundId, { associationId: who.associationId, title: story.title, requestedCents: story.requestedCents, answers }, rep);
    if (story.until === 'draft') continue;
    for (const required of round.requiredAttachments) await attachments.add(a.id, required.key, { filename: `${required.key}.pdf`, bytes: DEMO_PDF }, rep);
    a = await applicant.submit(a.id, { version: a.version }, rep);
    if (story.until === 'submitted') continue;
    a = await officer.receive(a.id, { version: a.version }, DEMO_OFFICER);
    a = await officer.startReview(a.id, { version: a.version }, DEMO_OFFICER);
    if (round.criteria.length) {
      a = await officer.score(a.id, { version: a.version, scores: round.criteria.map((c, n) => ({ criterion: c.key, score: 3 + ((i + n) % 3) })) }, DEMO_OFFICER);
    }
    if (story.until === 'in_review') continue;
    a = await officer.requestInformation(a.id, { version: a.version, message: 'Voisitteko tarkentaa kustannusarviota?' }, DEMO_OFFICER);
    if (story.until === 'awaiting_information') continue;
    a = await applicant.answer(a.id, { version: a.version, message: 'Tarkennettu arvio on liitteenä olevassa talousarviossa.' }, rep);
    if (story.until === 'rejected') {
      await officer.decide(a.id, { version: a.version, outcome: 'rejected', reasons: 'Toiminta on jo rahoitettu toisesta avustuksesta.' }, DEMO_OFFICER);
      continue;
    }
    a = await officer.decide(
      a.id,
      { version: a.version, outcome: 'granted', grantedCents: Math.round(story.requestedCents * 0.8), ahjoDecisionId: `DEMO § ${10 + i}`, reportDue: round.reportDue ?? demoReportDue() },
      DEMO_OFFICER,
    );
    if (story.until === 'paid') await officer.markPaid(a.id, { version: a.version }, DEMO_OFFICER);
  }
  return `applications: ${STORIES.length} in the demo round`;
}

function demoAnswer(field: GrantsHttp.FormField): string | number {
  if (field.kind === 'number') return 25;
  if (field.kind === 'date') return `${new Date().getUTCFullYear() + 1}-05-01`;
  if (field.kind === 'choice') return field.choices?.[0]?.value ?? '';
  return 'Kerromme toiminnasta tarkemmin liitteissä.';
}

/** A year ahead, when the round sets no date for reports. */
function demoReportDue(): string {
  return `${new Date().getUTCFullYear() + 1}-06-30`;
}
