import { PortalConfig } from '../portal-config';
import { BudgetingClient } from './budgeting-client';
import { FeedbackClient } from './feedback-client';
import { GrantsClient } from './grants-client';
import { InitiativesClient } from './initiatives-client';
import { NotificationsClient } from './notifications-client';
import { PremisesClient } from './premises-client';
import { ServiceClient } from './service-client';

/** The services whose answers the portal reads through a client of their own. */
const TYPED = { feedback: FeedbackClient, notifications: NotificationsClient, initiatives: InitiativesClient, budgeting: BudgetingClient, grants: GrantsClient } as const;
/** Second typed clients over a registered service: premises pages talk to the grants service. */
const PARTS = { premises: { service: 'grants', client: PremisesClient } } as const;
type Typed = typeof TYPED & { [P in keyof typeof PARTS]: (typeof PARTS)[P]['client'] };

/**
 * One client per registered service (deploy/services.json), made once: the typed ones for the
 * services pages read, a plain ServiceClient for the rest (dead letters work the same way on
 * every service). A typed service missing from the registry still gets its client, whose calls
 * answer 503, so its pages say "not available" instead of the portal refusing to start.
 */
export class ServiceClients {
  private readonly clients = new Map<string, ServiceClient>();
  private readonly parts = new Map<string, ServiceClient>();
  private readonly names: string[];

  constructor(config: Pick<PortalConfig, 'services'>) {
    this.names = config.services.map((s) => s.name);
    for (const { name, url } of config.services) this.clients.set(name, name in TYPED ? new TYPED[name as keyof typeof TYPED](name, url) : new ServiceClient(name, url));
    for (const name of Object.keys(TYPED) as (keyof typeof TYPED)[]) if (!this.clients.has(name)) this.clients.set(name, new TYPED[name](name, undefined));
    for (const [part, { service, client }] of Object.entries(PARTS)) {
      this.parts.set(part, new client(service, config.services.find((s) => s.name === service)?.url));
    }
  }

  typed<N extends keyof Typed>(name: N): InstanceType<Typed[N]> {
    return (this.parts.get(name) ?? this.clients.get(name)) as InstanceType<Typed[N]>;
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
    await Promise.all([...this.clients.values(), ...this.parts.values()].map((c) => c.onModuleDestroy()));
  }
}
