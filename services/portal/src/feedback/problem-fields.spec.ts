import { translator } from '../i18n/i18n';
import { formFieldOf, messageKeyFor, problemToFormErrors } from './problem-fields';

const order = ['kind', 'categoryCode', 'title', 'description', 'address', 'lat', 'lon', 'districtCode', 'photos', 'email', 'phone', 'contactConsent'];

describe('problem → form field mapping', () => {
  it('puts each field problem beside its field, in the person’s language, summary in form order', () => {
    const result = problemToFormErrors(
      [
        { field: 'description', message: 'Write at least 10 characters' },
        { field: 'kind', message: 'Choose feedback, idea or fault' },
        { field: 'contactConsent', message: 'We keep your contact details only with your consent to be contacted' },
      ],
      translator('sv'),
      { order, anchors: { kind: 'f-kind-feedback' } },
    );
    expect(result.errors).toEqual({
      kind: 'Välj om det gäller respons, en idé eller en felanmälan.',
      description: 'Skriv minst 10 tecken i beskrivningen.',
      contactConsent: expect.stringContaining('samtycke'),
    });
    expect(result.errorSummary.map((e) => e.href)).toEqual(['#f-kind-feedback', '#f-description', '#f-contactConsent']);
  });

  it('tells the ways one field can fail apart', () => {
    expect(messageKeyFor('description', 'Write at most 5000 characters')).toBe('err.descriptionLong');
    expect(messageKeyFor('lat', 'The location is outside the city')).toBe('err.outsideCity');
    expect(messageKeyFor('lon', 'Give both latitude and longitude')).toBe('err.coordsPair');
    expect(messageKeyFor('address', 'A fault report needs a place: coordinates or an address')).toBe('err.placeNeeded');
    expect(messageKeyFor('photos', 'At most 5 photos')).toBe('err.photosCount');
    expect(messageKeyFor('photos', 'A photo may be at most 10 MB')).toBe('err.photoSize');
    expect(messageKeyFor('photos', 'Only JPEG, PNG and WebP photos are accepted')).toBe('err.photoType');
    expect(messageKeyFor('assigneeId', 'Choose who handles it')).toBe('err.assigneeId');
    // A category's descriptions are not a request's description.
    expect(messageKeyFor('descriptionSv', 'Too big: expected string to have <=1000 characters')).toBe('err.categoryDescription');
    expect(messageKeyFor('somethingNew', 'whatever')).toBe('err.generic');
  });

  it('tells an erasure request that names nobody from a bad email', () => {
    expect(messageKeyFor('email', 'Name whom to erase: an email, a phone or a sign-in subject')).toBe('erasure.errTarget');
    expect(messageKeyFor('email', 'Enter a valid email address')).toBe('err.email');
    expect(messageKeyFor('subjectId', 'A sign-in subject is at most 255 characters')).toBe('erasure.errSubject');
  });

  it('reads indexed and nested paths', () => {
    expect(formFieldOf('photos[1]')).toBe('photos');
    expect(formFieldOf('contact.email')).toBe('email');
    const result = problemToFormErrors([{ field: 'photos[0]', message: 'Only JPEG, PNG and WebP photos are accepted' }], translator('en'), { order });
    expect(result.errors.photos).toBe('Only JPEG, PNG and WebP photos are accepted.');
  });

  it('sends problems of fields the form lacks to the fallback field, or drops them', () => {
    const problems = [{ field: 'version', message: 'Send the version you last saw' }];
    expect(problemToFormErrors(problems, translator('fi'), { order: ['body'], fallbackField: 'body' }).errors).toEqual({ body: 'Tarkista tämä kohta.' });
    expect(problemToFormErrors(problems, translator('fi'), { order: ['body'] }).errorSummary).toEqual([]);
  });

  it('keeps the first message when a field fails twice', () => {
    const result = problemToFormErrors(
      [
        { field: 'lat', message: 'Give both latitude and longitude' },
        { field: 'lat', message: 'The location is outside the city' },
      ],
      translator('en'),
      { order },
    );
    expect(result.errors.lat).toBe('Give both latitude and longitude, or leave both empty.');
  });
});
