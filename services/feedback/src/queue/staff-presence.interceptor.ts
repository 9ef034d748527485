import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import { Observable } from 'rxjs';
import { StaffDirectory } from './staff-directory.service';

/** Records the calling staff member in the directory (cheaply: see StaffDirectory.record). */
@Injectable()
export class StaffPresence implements NestInterceptor {
  constructor(private readonly directory: StaffDirectory) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user) await this.directory.record(user);
    return next.handle();
  }
}
