import { ConfigError, loadConfig } from '../../runtime/config';
import { tracedBundlePath } from '../../runtime/tracing';

describe('TRACING', () => {
  it('is off unless set to otlp', () => {
    expect(loadConfig({}).tracing).toBe(false);
    expect(loadConfig({ TRACING: 'off' }).tracing).toBe(false);
    expect(loadConfig({ TRACING: 'otlp' }).tracing).toBe(true);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ TRACING: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRACING: 'yes' })).toThrow(/TRACING: must be otlp .* or off/);
  });

  it('finds the traced workflow bundle beside the plain one', () => {
    expect(tracedBundlePath('/app/dist/workflow-bundle.js')).toBe('/app/dist/workflow-bundle.traced.js');
    expect(tracedBundlePath('/app/dist/bundle')).toBe('/app/dist/bundle.traced.js');
  });
});
