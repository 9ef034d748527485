import { PortalConfig } from '../portal-config';
import { BudgetingClient } from './budgeting-client';
import { FeedbackClient } from './feedback-client';
import { InitiativesClient } from './initiatives-client';
import { NotificationsClient } from './notifications-client';
import { ServiceClient } from './service-client';

/** The services whose answers the portal reads through a client of their own. */
const TYPED = { feedback: FeedbackClient, notifications: NotificationsClient, initiatives: InitiativesClient, budgeting: BudgetingClient } as const;
type Typed = typeof TYPED;

/**
 * One client per registered service (deploy/services.json), made once: the typed ones for the
 * services pages read, a plain ServiceClient for the rest (dead letters work the same way on
 * every service). A typed service missing from the registry still gets its client, whose calls
 * answer 503, so its pages say "not available" instead of the portal refusing to start.
 */
export class ServiceClients {
  private readonly clients = new Map<string, ServiceClient>();
  private readonly names: string[];

  constructor(config: Pick<PortalConfig, 'services'>) {
    this.names = config.services.map((s) => s.name);
    for (const { name, url } of config.services) this.clients.set(name, name in TYPED ? new TYPED[name as keyof Typed](name, url) : new ServiceClient(name, url));
    for (const name of Object.keys(TYPED) as (keyof Typed)[]) if (!this.clients.has(name)) this.clients.set(name, new TYPED[name](name, undefined));
  }

  typed<N extends keyof Typed>(name: N): InstanceType<Typed[N]> {
    return this.clients.get(name) as InstanceType<Typed[N]>;
  }

  /** By the service's name (a URL segment): a Map, so `__proto__` or `constructor` name no service. */
  get(name: string): ServiceClient | undefined {
    return this.names.includes(name) ? this.clients.get(name) : undefined;
  }

  /** The registered services, in the registry's order. */
  registered(): ServiceClient[] {
    return this.names.map((name) => this.clients.get(name)!);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.onModuleDestroy()));
  }
}
