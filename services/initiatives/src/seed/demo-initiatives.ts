import { INestApplicationContext } from '@nestjs/common';
export async function seedDemoInitiatives(_app: INestApplicationContext): Promise<string> {
  return 'no demo initiatives yet';
}
