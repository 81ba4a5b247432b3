/** GitHub releases, deployments, approvals and event payloads. Not built yet: the module holds no provider. */
module dev.baton.github {
  requires dev.baton;
}
