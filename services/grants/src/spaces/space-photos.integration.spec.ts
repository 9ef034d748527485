import sharp from 'sharp';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

let t: GrantsTestApp;
let manager: string;
let spaceId: string;

beforeAll(async () => {
  t = await startGrantsTestApp('space-photos');
  manager = `Bearer ${await t.token('premises_manager')}`;
  spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201)).body.id;
});
afterAll(() => t?.close());

/** A phone-like photo: the camera owner's name and where it was taken, in EXIF. */
const cameraPhoto = (format: 'jpeg' | 'png' | 'webp' = 'jpeg') =>
  sharp({ create: { width: 60, height: 40, channels: 3, background: '#3a6' } })
    [format]()
    .withExif({ IFD0: { Artist: 'Maija Meikäläinen' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 10/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 56/1 0/1' } })
    .toBuffer();

const upload = (bytes: Buffer, alt: Record<string, string> = { fi: 'Salin näyttämö' }, auth = manager, name = 'kuva.jpg') => {
  const request = t.http().post(`/premises/spaces/${spaceId}/photos`).set('Authorization', auth);
  for (const [lang, text] of Object.entries(alt)) request.field(`alt.${lang}`, text);
  return request.attach('file', bytes, name);
};
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const photoBytes = (url: string) => t.http().get(url).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('photos of a space', () => {
  it('stores an upload without its EXIF and GPS data and serves it publicly with caching headers', async () => {
    const original = await cameraPhoto();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('Meik');
    const added = await upload(original, { fi: 'Salin näyttämö', sv: 'Salens scen' }).expect(201);
    expect(added.body).toEqual({ id: expect.any(String), url: `/premises/spaces/${spaceId}/photos/${added.body.id}`, alt: { fi: 'Salin näyttämö', sv: 'Salens scen' } });

    const served = await photoBytes(added.body.url).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toContain('public');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(served.body as Buffer).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 60, height: 40 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect((served.body as Buffer).includes(Buffer.from('Meik'))).toBe(false);

    await t.http().get(added.body.url).set('If-None-Match', served.headers.etag).expect(304);
    const space = await t.http().get(`/premises/spaces/${spaceId}`).expect(200);
    expect(space.body.photos).toContainEqual(added.body);
  });

  it('reads the type from the bytes: refuses a GIF named .jpg and text named .png, keeps a WebP as WebP', async () => {
    const gif = await upload(Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1')).expect(400);
    expect(gif.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(gif.body)).toEqual(['file']);
    await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), undefined, manager, 'kuva.png').expect(400);
    // PNG signature and nothing a decoder can read: refused before anything is stored.
    await upload(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]), undefined, manager, 'rikki.png').expect(400);
    const webp = await upload(await cameraPhoto('webp'), undefined, manager, 'kuva.jpg').expect(201);
    const served = await photoBytes(webp.body.url).expect(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.body as Buffer).metadata()).exif).toBeUndefined();
  });

  it('requires Finnish alt text and refuses an oversize file, naming the field', async () => {
    const count = (await t.http().get(`/premises/spaces/${spaceId}`).expect(200)).body.photos.length;
    const noFinnish = await upload(await cameraPhoto(), { sv: 'Bara svenska' }).expect(400);
    expect(fieldsOf(noFinnish.body)).toEqual(['alt.fi']);
    await upload(Buffer.concat([await cameraPhoto(), Buffer.alloc(10 * 1024 * 1024)])).expect(413);
    const noFile = await t.http().post(`/premises/spaces/${spaceId}/photos`).set('Authorization', manager).field('alt.fi', 'Kuva').expect(400);
    expect(fieldsOf(noFile.body)).toEqual(['file']);
    expect((await t.http().get(`/premises/spaces/${spaceId}`).expect(200)).body.photos).toHaveLength(count);
  });

  it('refuses residents: they may look but not upload, reorder or delete', async () => {
    const resident = `Bearer ${await t.token('resident')}`;
    await upload(await cameraPhoto(), undefined, resident).expect(403);
    await t.http().post(`/premises/spaces/${spaceId}/photos`).attach('file', await cameraPhoto(), 'kuva.jpg').field('alt.fi', 'x').expect(401);
    const photo = (await upload(await cameraPhoto()).expect(201)).body;
    await t.http().delete(photo.url).set('Authorization', resident).expect(403);
    await t.http().put(`/premises/spaces/${spaceId}/photos/order`).set('Authorization', resident).send({ photoIds: [photo.id] }).expect(403);
    await photoBytes(photo.url).expect(200);
  });

  it('keeps the order the manager sets, and a deleted photo is gone from the list and the address', async () => {
    const own = (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest({ name: { fi: 'Kuvasali' } })).expect(201)).body.id;
    const add = async (fi: string) =>
      (await t.http().post(`/premises/spaces/${own}/photos`).set('Authorization', manager).field('alt.fi', fi).attach('file', await cameraPhoto('png'), 'k.png').expect(201)).body;
    const [a, b, c] = [await add('A'), await add('B'), await add('C')];
    const alts = async () => (await t.http().get(`/premises/spaces/${own}`).expect(200)).body.photos.map((p: { alt: { fi: string } }) => p.alt.fi);
    expect(await alts()).toEqual(['A', 'B', 'C']);

    const order = (photoIds: string[]) => t.http().put(`/premises/spaces/${own}/photos/order`).set('Authorization', manager).send({ photoIds });
    await order([c.id, a.id, b.id]).expect(200);
    expect(await alts()).toEqual(['C', 'A', 'B']);
    expect(fieldsOf((await order([c.id, a.id]).expect(400)).body)).toEqual(['photoIds']);

    await t.http().delete(a.url).set('Authorization', manager).expect(204);
    expect(await alts()).toEqual(['C', 'B']);
    await t.http().get(a.url).expect(404);
    // Another space's id in the address does not reach the photo.
    await t.http().get(`/premises/spaces/${spaceId}/photos/${b.id}`).expect(404);
  });
});
