import { urlHost } from '../../runtime/baton';

describe('urlHost: how this machine reaches the API for the address it listens on', () => {
  it.each([
    ['0.0.0.0', 'localhost'],
    ['::', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '[::1]'],
    ['api.internal', 'api.internal'],
  ])('%s -> %s', (host, reached) => {
    expect(urlHost(host)).toBe(reached);
  });
});
