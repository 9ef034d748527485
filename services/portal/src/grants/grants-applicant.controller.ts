import { Controller } from '@nestjs/common';

/** the association and applicant pages of grants (register, representatives, apply, the vuosikello). */
@Controller()
export class GrantsApplicantController {}
