/** Production API process: serves HTTP against an existing Temporal server and Postgres. */
import { runStandaloneProcess } from '../runtime/standalone-process';

runStandaloneProcess('api');
