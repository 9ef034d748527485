import { accessOf } from './booking-views';

describe('what a booking confirmation says of getting in', () => {
  const keyPickup = { where: { fi: 'Kirjaston neuvonta' }, when: { fi: 'Aukioloaikana edellisenä päivänä' } };

  it('tells a key pick-up space’s booker where and when, and no one else', () => {
    expect(accessOf({ accessType: 'key_pickup', keyPickup })).toEqual({ access: 'key_pickup', keyPickup });
    expect(accessOf({ accessType: 'door_code', keyPickup })).toEqual({ access: 'door_code' });
    expect(accessOf({ accessType: 'unrestricted' })).toEqual({ access: 'unrestricted' });
  });
});
