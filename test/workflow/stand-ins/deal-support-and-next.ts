// The workflows a deal-support test worker runs: the real case, and a stand-in for the handoff a win starts.
export { dealSupport } from '../../../workflows/deal/deal-support';
export { nextPlaybookStandIn as deliveryHandoff } from './next-playbook';
