import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundlePath } from '../helpers/test-env';

const HISTORIES = path.join(__dirname, 'histories');
const files = fs.readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

// Recorded histories of shipped workflow code: today's code must replay every one
// of them, or runs in flight would break on deploy (use patched() for changes).
describe('recorded workflow histories replay with the current code', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: workflowBundlePath() } },
      history,
      path.basename(file, '.json'),
    );
  });
});
