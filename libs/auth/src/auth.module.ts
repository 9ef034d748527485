import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { resolveAuthConfig, type AuthEnvironment, type AuthModuleOptions } from './auth-config';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';

export const AUTH_MODULE_OPTIONS = Symbol('AUTH_MODULE_OPTIONS');

/**
 * Import once in a service's root module: `AuthModule.forRoot(options, config.auth)`, the
 * AUTH_* variables its config read (authEnvShape); options override them. Every route then
 * needs a valid bearer token unless marked @Public().
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions | undefined, env: AuthEnvironment): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_MODULE_OPTIONS, useValue: options ?? {} },
        {
          provide: JwtVerifier,
          // Resolved while the app boots (not when this file is imported), so configuration
          // loaded at start-up counts and a bad one stops the service with a clear error.
          useFactory: (opts: AuthModuleOptions) => JwtVerifier.fromConfig(resolveAuthConfig(opts, env)),
          inject: [AUTH_MODULE_OPTIONS],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}
