import { AuthUser } from '@vaikuta/auth';
import { FeedbackIntakeService } from '../intake/feedback-intake.service';
import { FeedbackCaseService } from '../queue/feedback-case.service';
import { SubmitFeedback } from '../intake/submit-feedback.schema';

const worker: AuthUser = { sub: 'demo-case-worker', roles: ['case_worker'], departments: ['KYMP', 'KUVA', 'KASKO', 'SOTE'], associations: [] };

type Step = 'publish' | 'claim' | 'reply' | 'resolve' | 'reject';

interface DemoRequest {
  input: SubmitFeedback;
  steps: Step[];
}

const at = (lat: number, lon: number) => ({ lat, lon });

/**
 * A handful of requests in every state, made through the real services so they carry
 * their audit trail and events exactly as live ones would.
 */
const DEMO: DemoRequest[] = [
  {
    input: { kind: 'fault', categoryCode: '171', title: 'Monttu pyörätiellä', description: 'Syvä monttu pyörätiellä Kallion kirjaston kohdalla, vaarallinen pimeällä.', ...at(60.1841, 24.9494), districtCode: 'kallio', language: 'fi', contactConsent: false },
    steps: [],
  },
  {
    input: { kind: 'fault', categoryCode: '198', title: 'Trafikljuset blinkar', description: 'Trafikljusen vid korsningen blinkar gult hela dagen.', ...at(60.1699, 24.9384), districtCode: 'kamppi', language: 'sv', contactConsent: false },
    steps: ['publish'],
  },
  {
    input: { kind: 'feedback', categoryCode: '246', title: 'Roskia rannalla', description: 'Lauttasaaren uimarannalla on paljon roskia viikonlopun jälkeen.', ...at(60.1555, 24.8788), districtCode: 'lauttasaari', language: 'fi', contactConsent: false },
    steps: ['publish', 'claim'],
  },
  {
    input: { kind: 'idea', categoryCode: '310', title: 'More outdoor gym equipment', description: 'The outdoor gym in Kannelmäki is always full; please add a second set of equipment.', districtCode: 'kannelmaki', address: 'Kannelmäen liikuntapuisto', language: 'en', contactConsent: false },
    steps: ['publish', 'claim', 'reply'],
  },
  {
    input: { kind: 'fault', categoryCode: '176', title: 'Töhryjä alikulussa', description: 'Malmin aseman alikulun seinät on töhritty uudelleen.', ...at(60.2508, 25.0107), districtCode: 'malmi', language: 'fi', contactConsent: false },
    steps: ['publish', 'claim', 'reply', 'resolve'],
  },
  {
    input: { kind: 'feedback', categoryCode: '320', title: 'Kiitos kirjastolle', description: 'Itäkeskuksen kirjaston uudet lukusalit ovat erinomaiset, kiitos!', districtCode: 'itakeskus', address: 'Itäkatu 2', language: 'fi', contactConsent: false },
    steps: ['publish', 'claim', 'reply', 'resolve'],
  },
  {
    input: { kind: 'feedback', categoryCode: '410', title: 'Parkering vid skolan', description: 'Föräldrar parkerar på cykelbanan vid skolan varje morgon.', districtCode: 'malmi', address: 'Malmin koulu', language: 'sv', contactConsent: false },
    steps: ['publish', 'reject'],
  },
];

export async function seedDemoRequests(intake: FeedbackIntakeService, cases: FeedbackCaseService): Promise<number> {
  for (const demo of DEMO) {
    const sent = await intake.submit(demo.input, [], { channel: 'staff', actorId: 'demo-seed', actorRole: 'case_worker' });
    let version = 1;
    for (const step of demo.steps) {
      const result =
        step === 'publish'
          ? await cases.publish(sent.id, version, worker)
          : step === 'claim'
            ? await cases.claim(sent.id, version, worker)
            : step === 'reply'
              ? await cases.reply(sent.id, version, replyIn(demo.input.language), worker)
              : step === 'resolve'
                ? await cases.resolve(sent.id, version, resolutionIn(demo.input.language), worker)
                : await cases.reject(sent.id, version, rejectionIn(demo.input.language), worker);
      version = result.version;
    }
  }
  return DEMO.length;
}

function replyIn(language: string): string {
  return { fi: 'Kiitos palautteesta! Asia on työn alla.', sv: 'Tack för responsen! Ärendet behandlas.', en: 'Thank you! We are working on it.' }[language] ?? '';
}
function resolutionIn(language: string): string {
  return { fi: 'Korjattu.', sv: 'Åtgärdat.', en: 'Done.' }[language] ?? '';
}
function rejectionIn(language: string): string {
  return {
    fi: 'Pysäköinnin valvonta kuuluu pysäköinninvalvonnalle; välitimme tiedon heille.',
    sv: 'Parkeringsövervakningen sköter detta; vi har skickat informationen vidare.',
    en: 'Parking enforcement handles this; we passed the information on.',
  }[language] ?? '';
}
