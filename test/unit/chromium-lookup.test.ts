import { chromiumRemedy, findChromium, type ChromiumLookup } from '../../toolchain/chromium';

// Which files "exist" is given per case, so the order is tested without touching the machine's browsers.
function lookup(executables: string[], env: NodeJS.ProcessEnv = {}, playwrightPath?: string): ChromiumLookup {
  return { env: { PATH: '/opt/bin', ...env }, playwrightPath, isExecutable: (file) => executables.includes(file) };
}

const PLAYWRIGHT = '/home/u/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

describe('finding the Chromium for the browser tests', () => {
  it('takes PLAYWRIGHT_CHROMIUM_PATH first', () => {
    const found = findChromium(
      lookup(
        ['/custom/chrome', PLAYWRIGHT, '/usr/bin/chromium'],
        { PLAYWRIGHT_CHROMIUM_PATH: '/custom/chrome' },
        PLAYWRIGHT,
      ),
    );
    expect(found).toEqual({ path: '/custom/chrome', source: 'env' });
  });

  it('refuses a PLAYWRIGHT_CHROMIUM_PATH that names no executable rather than using another browser', () => {
    expect(() =>
      findChromium(lookup(['/usr/bin/chromium'], { PLAYWRIGHT_CHROMIUM_PATH: '/nowhere/chrome' }, PLAYWRIGHT)),
    ).toThrow(/PLAYWRIGHT_CHROMIUM_PATH is set to "\/nowhere\/chrome"/);
  });

  it('takes a Playwright-installed Chromium before the system one', () => {
    expect(findChromium(lookup([PLAYWRIGHT, '/usr/bin/chromium'], {}, PLAYWRIGHT))).toEqual({
      path: PLAYWRIGHT,
      source: 'playwright',
    });
  });

  it("falls back to the system's Chromium when Playwright's is not installed", () => {
    expect(findChromium(lookup(['/usr/bin/chromium'], {}, PLAYWRIGHT))).toEqual({
      path: '/usr/bin/chromium',
      source: 'system',
    });
  });

  it('finds a Chromium or Chrome on PATH', () => {
    expect(findChromium(lookup(['/opt/bin/google-chrome'], {}, PLAYWRIGHT))).toEqual({
      path: '/opt/bin/google-chrome',
      source: 'system',
    });
  });

  it('finds none on a bare machine', () => {
    expect(findChromium(lookup([], {}, PLAYWRIGHT))).toBeUndefined();
  });
});

describe('getting a Chromium when there is none', () => {
  it('installs with apt when running as root on a machine with apt', () => {
    expect(chromiumRemedy({ isRoot: true, hasApt: true })).toEqual({
      install: true,
      command: 'apt-get install -y chromium fonts-wqy-microhei',
    });
  });

  it('names the sudo command to a user with apt instead of installing', () => {
    expect(chromiumRemedy({ isRoot: false, hasApt: true })).toEqual({
      install: false,
      command: 'sudo apt-get install -y chromium fonts-wqy-microhei',
    });
  });

  it("names Playwright's installer where there is no apt", () => {
    expect(chromiumRemedy({ isRoot: true, hasApt: false })).toEqual({
      install: false,
      command: 'npx playwright-core install chromium',
    });
  });
});
