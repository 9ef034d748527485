import type { FieldProblem } from '@vaikuta/http';
import { SubmitFeedback, submitFeedbackSchema } from '../intake/submit-feedback.schema';
import type { UploadedPhoto } from '../photos/photo-inspector';
import { fieldProblemsOf, Open311Error } from './open311-error';
import { Open311Params, open311Locale } from './open311-params';

/** The intake's field names as Open311 calls them, so every error names what the client sent. */
const OPEN311_FIELD: Record<string, string> = {
  categoryCode: 'service_code',
  lon: 'long',
  address: 'address_string',
  language: 'locale',
  photos: 'media',
};

export function open311FieldName(intakeField: string): string {
  const [head, ...rest] = intakeField.split(/(?=[.[])/);
  return (OPEN311_FIELD[head] ?? head) + rest.join('');
}

/** Renames the fields of intake's problems (ValidationProblem.errors) to Open311's. */
export function toOpen311Problems(problems: FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ field: open311FieldName(p.field), message: p.message }));
}

/** Multipart file fields a client may put photos in: Helsinki's `media[]`, and plain `media`. */
export const MEDIA_FIELDS = ['media', 'media[]'];

const SINGLE_VALUED = ['service_code', 'title', 'description', 'lat', 'long', 'address_string', 'email', 'phone', 'locale'];

/**
 * Turns a POST requests form into what intake takes, checked by intake's own schema and
 * reported under Open311's names.
 *
 * - kind is `fault`: GeoReport is for "location-based non-emergency issues such as graffiti,
 *   potholes and street cleaning", and like our fault reports it requires a location
 *   (lat + long, or address_string), which intake's schema then enforces.
 * - An email or phone sent through Open311 is consent to be contacted about this request
 *   (Helsinki: "email → the citizen is notified when the request is processed").
 * - first_name and last_name are not kept: the city does not need a name to handle or answer
 *   the request, and keeping none is the easiest personal data to protect. device_id,
 *   account_id, address_id, media_url and attribute[…] are accepted and ignored: no service
 *   defines attributes, and we keep photos only as uploaded files we have checked.
 * - locale (CitySDK) is the language the sender is answered in; Finnish when absent.
 */
export function toSubmitFeedback(form: Open311Params): SubmitFeedback {
  const problems: FieldProblem[] = [];
  const single = (name: string): string | undefined => {
    const value = form[name];
    if (Array.isArray(value)) {
      problems.push({ field: name, message: 'Give it once' });
      return undefined;
    }
    return value;
  };
  const values = Object.fromEntries(SINGLE_VALUED.map((name) => [name, single(name)]));
  if (!values.service_code?.trim()) problems.push({ field: 'service_code', message: 'service_code is required; see services.json' });

  const email = values.email?.trim() || undefined;
  const phone = values.phone?.trim() || undefined;
  const input = {
    kind: 'fault',
    categoryCode: values.service_code,
    title: values.title,
    description: values.description,
    lat: values.lat,
    lon: values.long,
    address: values.address_string,
    email,
    phone,
    contactConsent: Boolean(email || phone),
    language: open311Locale(values.locale, 'fi'),
  };
  const parsed = submitFeedbackSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      if (field === 'categoryCode' && problems.some((p) => p.field === 'service_code')) continue;
      // The schema's place rule speaks of fault reports; an Open311 client needs the parameter names.
      if (field === 'address' && issue.code === 'custom') {
        problems.push({ field: 'address_string', message: 'A location is required: lat and long, or address_string' });
      } else {
        problems.push(...toOpen311Problems(fieldProblemsOf([issue])));
      }
    }
  }
  if (problems.length || !parsed.success) throw Open311Error.invalid(problems);
  return parsed.data;
}

/** Photos from `media` / `media[]`; a file under any other name is refused by name, not dropped. */
export function mediaOf(files: UploadedPhoto[]): UploadedPhoto[] {
  const stray = files.find((f) => !MEDIA_FIELDS.includes(f.field));
  if (stray) throw Open311Error.field(stray.field, 'Files are accepted only as media or media[]');
  return files;
}
