import { z } from 'zod';

const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Letters, digits, - and _ only (at most 64)');
const name = z.string().trim().min(1, 'Give a name').max(200);
const localizedNames = { nameFi: name, nameSv: name, nameEn: name };

/*
 * The fields an admin can change, without defaults: zod 4 applies a default even inside
 * `.partial()`, so a PATCH of the names would also reactivate the row and empty the
 * descriptions. Defaults belong to creation only.
 */
const departmentFields = { ...localizedNames, active: z.boolean() };
const description = z.string().max(1000);
const categoryFields = {
  departmentCode: code,
  ...localizedNames,
  descriptionFi: description,
  descriptionSv: description,
  descriptionEn: description,
  groupName: z.string().max(100),
  keywords: z.string().max(500),
  serviceLevelDays: z.number().int().min(1, 'At least one working day').max(365),
  active: z.boolean(),
};

export const departmentSchema = z.object({ code, ...departmentFields, active: departmentFields.active.default(true) });
export const departmentPatchSchema = z.object(departmentFields).partial();

export const districtSchema = z.object({ code, ...localizedNames });
/** A district has only its names to change: the code is its key. */
export const districtPatchSchema = z.object(localizedNames).partial();

export const categorySchema = z.object({
  code,
  ...categoryFields,
  descriptionFi: description.default(''),
  descriptionSv: description.default(''),
  descriptionEn: description.default(''),
  groupName: categoryFields.groupName.default(''),
  keywords: categoryFields.keywords.default(''),
  active: categoryFields.active.default(true),
});
export const categoryPatchSchema = z.object(categoryFields).partial();
