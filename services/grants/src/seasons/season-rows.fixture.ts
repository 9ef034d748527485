import { premisesSpaceRequest } from '@vaikuta/testing';
import type { GrantsTestApp } from '../../test/grants-test-app';

/** A real season over a space of its own, for the authorization matrix's `{seasonId}`. */
export async function seasonRows(t: GrantsTestApp): Promise<{ seasonId: string }> {
  const manager = `Bearer ${await t.token('premises_manager')}`;
  const space = await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201);
  const season = await t
    .http()
    .post('/premises/seasons')
    .set('Authorization', manager)
    .send({ name: { fi: 'Matriisikausi' }, spaceIds: [space.body.id], startsOn: '2027-01-04', endsOn: '2027-05-31' })
    .expect(201);
  return { seasonId: season.body.id };
}
