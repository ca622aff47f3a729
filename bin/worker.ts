/** Production worker process: polls the task queue against an existing Temporal server and Postgres. */
import { runStandaloneProcess } from '../runtime/standalone-process';

runStandaloneProcess('worker');
