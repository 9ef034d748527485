import { z } from 'zod';

const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Letters, digits, - and _ only (at most 64)');
const name = z.string().trim().min(1, 'Give a name').max(200);
const localizedNames = { nameFi: name, nameSv: name, nameEn: name };

export const departmentSchema = z.object({ code, ...localizedNames, active: z.boolean().default(true) });
export const departmentPatchSchema = departmentSchema.omit({ code: true }).partial();

export const districtSchema = z.object({ code, ...localizedNames });

export const categorySchema = z.object({
  code,
  departmentCode: code,
  ...localizedNames,
  descriptionFi: z.string().max(1000).default(''),
  descriptionSv: z.string().max(1000).default(''),
  descriptionEn: z.string().max(1000).default(''),
  groupName: z.string().max(100).default(''),
  keywords: z.string().max(500).default(''),
  serviceLevelDays: z.number().int().min(1, 'At least one working day').max(365),
  active: z.boolean().default(true),
});
export const categoryPatchSchema = categorySchema.omit({ code: true }).partial();
