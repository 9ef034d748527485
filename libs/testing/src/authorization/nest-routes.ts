import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MODULE_PATH } from '@nestjs/common/internal';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

/** Who may call a route, as its decorators declare it (libs/auth's metadata keys). */
export interface RoutePolicy {
  public: boolean;
  authenticated: boolean;
  roles: string[];
}

export interface NestRoute {
  method: string;
  /** OpenAPI style: `/feedback/cases/{id}`. */
  path: string;
  controller: string;
  handler: string;
  policy: RoutePolicy;
}

// The keys of libs/auth's decorators; read by name so this lib does not depend on auth.
const IS_PUBLIC = 'isPublic';
const ROLES = 'vaikuta:auth:roles';
const AUTHENTICATED = 'vaikuta:auth:authenticated';

function metadata<T>(key: string, handler: object, controller: object): T | undefined {
  return Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
}

function join(...parts: string[]): string {
  const path = `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Every HTTP route of a Nest app, read from the controllers' own metadata (the same the
 * router uses), with the access policy each declares. A route is found whether or not it
 * is documented for OpenAPI.
 */
export function routesOfNestApp(app: INestApplication): NestRoute[] {
  const scanner = new MetadataScanner();
  const routes: NestRoute[] = [];
  const modules = app.get(ModulesContainer);
  for (const module of modules.values()) {
    // RouterModule mounts a module under a path (MessagingModule's dead letters under /feedback).
    const modulePath: string =
      Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ?? Reflect.getMetadata(MODULE_PATH, module.metatype) ?? '';
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller?.prototype) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, object>)[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[];
        const roles = metadata<string[]>(ROLES, handler, controller) ?? [];
        const policy = {
          public: metadata<boolean>(IS_PUBLIC, handler, controller) === true,
          authenticated: metadata<boolean>(AUTHENTICATED, handler, controller) === true,
          roles,
        };
        for (const prefix of prefixes) {
          for (const path of paths) {
            routes.push({ method: RequestMethod[method], path: join(modulePath, prefix, path), controller: controller.name, handler: name, policy });
          }
        }
      }
    }
  }
  return routes;
}

export function hasDeclaredPolicy(policy: RoutePolicy): boolean {
  return policy.public || policy.authenticated || policy.roles.length > 0;
}
