import { Controller } from '@nestjs/common';

/** the premises booking pages (find, book, door code, cancel; managers' approvals and spaces). */
@Controller()
export class PremisesController {}
