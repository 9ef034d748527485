import { DEFAULT_NATS_URL, natsServerList } from './messaging-options';

describe('natsServerList (NATS_URL)', () => {
  it('gives the client every node of a comma-separated cluster list, so it can fail over', () => {
    expect(natsServerList('nats://10.0.0.1:4222, nats://10.0.0.2:4222,nats://10.0.0.3:4222')).toEqual([
      'nats://10.0.0.1:4222',
      'nats://10.0.0.2:4222',
      'nats://10.0.0.3:4222',
    ]);
  });

  it('keeps a single server as a list of one, and falls back to the local server when none is given', () => {
    expect(natsServerList('nats://nats:4222')).toEqual(['nats://nats:4222']);
    expect(natsServerList(undefined)).toEqual([DEFAULT_NATS_URL]);
    expect(natsServerList(' , ')).toEqual([DEFAULT_NATS_URL]);
  });
});
