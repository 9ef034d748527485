import { InitiativesHttp } from '@vaikuta/contracts';
import { z } from 'zod';

/**
 * A decision's section (pykälä) as a number: "§ 123", "§123" and "123" are the same section.
 * The timeline and the decision emails put the "§" in front themselves, so one typed with it
 * was shown twice ("§ § 123").
 */
export function sectionNumber(typed: string): string {
  return typed.replace(/^[\s§]+/u, '');
}

/**
 * The preparer's decision as the contract has it, with the section normalised before it is
 * checked: a section that is only "§" is refused like an empty one, naming `section`.
 */
export const decideInput = InitiativesHttp.decideRequest.extend({
  section: z.preprocess((v) => (typeof v === 'string' ? sectionNumber(v) : v), InitiativesHttp.decideRequest.shape.section),
});
export type DecideInput = z.infer<typeof decideInput>;
