import { INestApplicationContext } from '@nestjs/common';
import { BudgetingHttp } from '@vaikuta/contracts';
import { ProjectProgressService } from '../projects/project-progress.service';
import { ProjectReader } from '../projects/project-reader.service';
import { DemoCalendar } from './demo-phases';
import { DEMO_COORDINATOR } from './demo-round-writer';

type Stage = 'designing' | 'building' | 'completed';
const DAY = 24 * 60 * 60 * 1000;

const MILESTONES = [
  { fi: 'Suunnitelma valmis', sv: 'Planen klar', en: 'Plan ready' },
  { fi: 'Rakentaminen alkaa', sv: 'Byggandet börjar', en: 'Construction begins' },
  { fi: 'Valmis käyttöön', sv: 'Klart att användas', en: 'Ready for use' },
];

const UPDATES = {
  designing: {
    status: 'in_progress' as const,
    progress: 15,
    text: {
      fi: 'Suunnittelu on alkanut. Keräämme lähialueen asukkaiden toiveita kevään aikana.',
      sv: 'Planeringen har börjat. Vi samlar in önskemål från invånarna i området under våren.',
      en: 'Design has started. We are gathering the wishes of local residents this spring.',
    },
  },
  building: {
    status: 'in_progress' as const,
    progress: 60,
    text: {
      fi: 'Rakentaminen on alkanut, ja työmaa on aidattu. Kiitos kärsivällisyydestä!',
      sv: 'Byggandet har börjat och arbetsplatsen är inhägnad. Tack för ert tålamod!',
      en: 'Construction has begun and the site is fenced off. Thank you for your patience!',
    },
  },
  completed: {
    status: 'completed' as const,
    progress: 100,
    text: {
      fi: 'Valmista! Kiitos kaikille, jotka ehdottivat ja äänestivät.',
      sv: 'Klart! Tack till alla som föreslog och röstade.',
      en: 'Done! Thank you to everyone who proposed and voted.',
    },
  },
};

/**
 * The winners of last year's round as they are built: three milestones each, updates in fi, sv
 * and en, and as many milestones reached as the project's stage says, dated between the start
 * of implementation and today. A milestone not reached is always due in the future.
 */
export class DemoProjects {
  private readonly progress: ProjectProgressService;
  private readonly reader: ProjectReader;

  constructor(app: INestApplicationContext) {
    this.progress = app.get(ProjectProgressService);
    this.reader = app.get(ProjectReader);
  }

  async build(roundId: string, stageOf: (projectId: string) => Stage, calendar: DemoCalendar, implementationFrom: Date, today: Date): Promise<number> {
    const span = today.getTime() - implementationFrom.getTime();
    const on = (fraction: number) => new Date(implementationFrom.getTime() + span * fraction);
    const date = (d: Date) => d.toISOString().slice(0, 10);
    const ahead = (days: number) => date(new Date(today.getTime() + days * DAY));
    const { items } = await this.reader.list(roundId);
    for (const project of items) {
      const stage = stageOf(project.id);
      const reached = stage === 'completed' ? 3 : stage === 'building' ? 2 : 1;
      const dueDates = [date(on(0.3)), reached >= 2 ? date(on(0.55)) : ahead(60), reached >= 3 ? date(on(0.85)) : ahead(240)];
      let version = project.version;
      calendar.set(on(0.08));
      for (const [i, title] of MILESTONES.entries()) {
        version = (await this.progress.addMilestone(project.id, { version, title, dueDate: dueDates[i] }, DEMO_COORDINATOR)).version;
      }
      const milestones = (await this.reader.detail(project.id)).milestones;
      const steps: { at: number; run: (v: number) => Promise<BudgetingHttp.ProjectDetail> }[] = [
        { at: 0.15, run: (v) => this.progress.publishUpdate(project.id, { version: v, ...UPDATES.designing }, DEMO_COORDINATOR) },
        { at: 0.3, run: (v) => this.progress.markReached(project.id, milestones[0].id, { version: v }, DEMO_COORDINATOR) },
      ];
      if (reached >= 2) {
        steps.push(
          { at: 0.55, run: (v) => this.progress.markReached(project.id, milestones[1].id, { version: v, note: 'Urakoitsija valittu.' }, DEMO_COORDINATOR) },
          { at: 0.6, run: (v) => this.progress.publishUpdate(project.id, { version: v, ...UPDATES.building }, DEMO_COORDINATOR) },
        );
      }
      if (reached >= 3) {
        steps.push(
          { at: 0.85, run: (v) => this.progress.markReached(project.id, milestones[2].id, { version: v }, DEMO_COORDINATOR) },
          { at: 0.9, run: (v) => this.progress.publishUpdate(project.id, { version: v, ...UPDATES.completed }, DEMO_COORDINATOR) },
        );
      }
      for (const step of steps) {
        calendar.set(on(step.at));
        version = (await step.run(version)).version;
      }
    }
    return items.length;
  }
}
