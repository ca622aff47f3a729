// The worker's workflow bundle entry: every workflow type Baton runs.
export { launchReadiness } from './launch/launch-readiness';
export { pocTrial } from './poc/poc-trial';
export { dealSupport } from './deal/deal-support';
export { renewalFollowUp } from './renewal/renewal-follow-up';
export { deliveryHandoff } from './handoff/delivery-handoff';
export { personDigest } from './shared/person-digest';
