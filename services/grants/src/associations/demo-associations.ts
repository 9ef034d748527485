import type { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import type { GrantsHttp } from '@vaikuta/contracts';
import { AssociationRepository } from './association.repository';
import { seedDemoGrantRounds } from '../grant-rounds/demo-grant-rounds';
import { AssociationService } from './association.service';

/** A demo resident as the portal's dev sign-in names them (demo-<role>-<name>), acting for `actingFor`. */
const resident = (name: string, actingFor: string[] = []): AuthUser => ({ sub: `demo-resident-${name}`, roles: ['resident'], departments: [], associations: [], actingFor });

interface DemoAssociation {
  registrant: AuthUser;
  request: GrantsHttp.RegisterAssociationRequest & { businessId: string };
  representatives: Omit<GrantsHttp.AddRepresentativeRequest, 'version'>[];
}

// Synthetic business IDs, generated once with finnish-business-ids (valid check digits, no real company).
const DEMO_ASSOCIATIONS: DemoAssociation[] = [
  {
    registrant: resident('aino', ['1969033-9']),
    request: {
      name: 'Järvenpään Kuoroyhdistys ry',
      nameSv: 'Träskända Körförening rf',
      businessId: '1969033-9',
      address: { street: 'Kauppakatu 8', postalCode: '04400', city: 'Järvenpää' },
      iban: 'FI21 1234 5600 0007 85',
      email: 'hallitus@kuoroyhdistys.example',
      role: 'chair',
      representativeName: 'Aino Demo',
    },
    representatives: [{ sub: 'demo-resident-eero', role: 'treasurer', name: 'Eero Demo' }],
  },
  {
    registrant: resident('eero', ['1761380-7']),
    request: {
      name: 'Keravanjoen Melojat ry',
      businessId: '1761380-7',
      address: { street: 'Rantatie 3', postalCode: '04410', city: 'Järvenpää' },
      iban: 'FI49 5000 9420 0287 30',
      role: 'chair',
      representativeName: 'Eero Demo',
    },
    representatives: [{ sub: 'demo-resident-aino', role: 'contact', name: 'Aino Demo' }],
  },
  {
    registrant: resident('mikko', ['1186096-2']),
    request: {
      name: 'Tuusulanjärven Nuorisoteatteri ry',
      nameSv: 'Ungdomsteatern vid Tusby träsk rf',
      businessId: '1186096-2',
      address: { street: 'Teatterikuja 2', postalCode: '04400', city: 'Järvenpää' },
      role: 'secretary',
      representativeName: 'Mikko Demo',
    },
    representatives: [],
  },
];

/**
 * The demo city's association register, made through the real service (audit trail and
 * events as live use leaves them): Aino chairs the choir and is a contact of the canoe club,
 * Eero chairs the canoe club and keeps the choir's books, Mikko runs the youth theatre.
 * Idempotent: an association whose business ID is there is left alone.
 */
export async function seedDemoAssociations(app: INestApplicationContext): Promise<string[]> {
  const service = app.get(AssociationService);
  const repository = app.get(AssociationRepository);
  const added: string[] = [];
  for (const demo of DEMO_ASSOCIATIONS) {
    if (await repository.findByBusinessId(demo.request.businessId)) continue;
    let association = await service.register(demo.request, demo.registrant);
    for (const representative of demo.representatives) {
      association = await service.addRepresentative(association.id, { ...representative, version: association.version }, demo.registrant);
    }
    added.push(demo.request.name);
  }
  return added;
}

/** What the rest of the demo builds on: the open project round and who applies for whom. */
export interface DemoRegister {
  summary: string;
  /** The demo's open project-grant round (null if someone removed it). */
  projectRoundId: string | null;
  /** Each demo association with the sub of its registrant (a representative who may apply). */
  applicants: { associationId: string; representativeSub: string }[];
}

/** The register and this year's grant rounds: the one call of the grants demo seed for both features. */
export async function seedDemoRegisterAndRounds(app: INestApplicationContext): Promise<DemoRegister> {
  const associations = await seedDemoAssociations(app);
  const rounds = await seedDemoGrantRounds(app);
  const repository = app.get(AssociationRepository);
  const applicants: DemoRegister['applicants'] = [];
  for (const demo of DEMO_ASSOCIATIONS) {
    const association = await repository.findByBusinessId(demo.request.businessId);
    if (association) applicants.push({ associationId: association.id, representativeSub: demo.registrant.sub });
  }
  return {
    summary: `${associations.length} demo associations and ${rounds.added.length} grant rounds added`,
    projectRoundId: rounds.projectRoundId,
    applicants,
  };
}
