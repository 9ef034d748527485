import { z } from 'zod';
import { text } from '@vaikuta/http';

const code = text({ max: 64 });
const title = text({ min: 1, max: 200, required: 'Give a title' });
const body = text({ min: 1, max: 5000, required: 'Write the text' });

/** Every text in fi/sv/en: the reply goes out in the resident's language, whichever it is. */
const texts = { titleFi: title, titleSv: title, titleEn: title, bodyFi: body, bodySv: body, bodyEn: body };

export const cannedResponseSchema = z
  .object({ categoryCode: code.optional(), departmentCode: code.optional(), ...texts, active: z.boolean().default(true) })
  .superRefine((value, ctx) => {
    if (!value.categoryCode === !value.departmentCode) {
      ctx.addIssue({ code: 'custom', path: ['categoryCode'], message: 'Choose a category, or a department for all its categories (one of the two)' });
    }
  });
export type CannedResponseInput = z.infer<typeof cannedResponseSchema>;

/** What can change: the texts and whether it is offered. Where it belongs is fixed; make a new one instead. */
export const cannedResponsePatchSchema = z.object({ ...texts, active: z.boolean() }).partial();
export type CannedResponsePatch = z.infer<typeof cannedResponsePatchSchema>;

export const cannedResponseListSchema = z.object({
  department: code.optional(),
  category: code.optional(),
});
export type CannedResponseListQuery = z.infer<typeof cannedResponseListSchema>;
