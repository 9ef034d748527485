import type { FactoryProvider, InjectionToken } from '@nestjs/common';

/** Resolves when the dependency can serve; throws (or rejects) with the reason when it cannot. */
export type ReadinessProbe = (options: { signal: AbortSignal }) => Promise<void> | void;

/**
 * One dependency /health/ready waits for. Shaped like a Nest factory provider because the
 * probe needs things only the service's DI container has (its DataSource, its NATS
 * connection): ObservabilityModule turns each check into a provider, so `inject` tokens
 * resolve from global modules or from the modules passed in `ObservabilityOptions.imports`.
 */
export interface ReadinessCheck {
  /** Key of this dependency in the /health/ready response, e.g. `database`. */
  name: string;
  inject?: FactoryProvider['inject'];
  useFactory: (...deps: any[]) => ReadinessProbe | Promise<ReadinessProbe>;
  /** Default {@link DEFAULT_READINESS_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** Below Kubernetes' default probe timeout of 1 s, so a hung dependency reads as "down", not as a failed probe. */
export const DEFAULT_READINESS_TIMEOUT_MS = 800;

export interface ResolvedReadinessCheck {
  name: string;
  probe: ReadinessProbe;
  timeoutMs: number;
}

export const READINESS_CHECKS: InjectionToken = Symbol('READINESS_CHECKS');
