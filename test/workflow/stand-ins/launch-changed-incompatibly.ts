// Launch code changed without patched(): its runs' histories no longer replay (a replay-check test).
export { nextPlaybookStandIn as launchReadiness } from './next-playbook';
