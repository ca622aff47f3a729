// The workflows a POC test worker runs: the real trial, and stand-ins for the playbooks a conversion starts.
export { pocTrial } from '../../../workflows/poc/poc-trial';
export { nextPlaybookStandIn as dealSupport, nextPlaybookStandIn as deliveryHandoff } from './next-playbook';
