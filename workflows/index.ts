// The worker's workflow bundle entry: every workflow type Baton runs.
export { launchReadiness } from './launch-readiness';
export { pocTrial } from './poc-trial';
export { dealSupport } from './deal-support';
export { renewalFollowUp } from './renewal-follow-up';
export { deliveryHandoff } from './delivery-handoff';
