import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The services and libraries compiled once by swc, as `npm run build` does, into a folder of
 * the run's own inside the repository (so node_modules resolves; `.vaikuta/` is ignored by
 * git): a replica restarted after kill -9 then starts in seconds instead of compiling its
 * whole graph again, which under load took up to a minute. The shared `dist/` is left alone.
 */
export class ServiceBuild {
  private constructor(readonly dir: string) {}

  static async compile(): Promise<ServiceBuild> {
    const dir = path.join(REPO_ROOT, '.vaikuta', `chaos-build-${process.pid}`);
    await promisify(execFile)(path.join(REPO_ROOT, 'node_modules/.bin/swc'), ['services', 'libs', '-d', dir, '--copy-files', '-q'], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    return new ServiceBuild(dir);
  }

  main(service: string): string {
    return path.join(this.dir, 'services', service, 'src', 'main.js');
  }

  script(relative: string): string {
    return path.join(this.dir, relative.replace(/\.ts$/, '.js'));
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
