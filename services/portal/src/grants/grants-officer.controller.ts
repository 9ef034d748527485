import { Controller } from '@nestjs/common';

/** the grants officers' pages (queue, scoring, decisions, payments, statistics). */
@Controller()
export class GrantsOfficerController {}
