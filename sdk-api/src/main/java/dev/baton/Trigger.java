package dev.baton;

/**
 * What happened that may call for deployments: a pull request event, a push, a release event, or a
 * manual request. An {@link dev.baton.spi.EnvironmentResolver} turns a trigger into the
 * environments to deploy or destroy.
 */
public sealed interface Trigger
    permits PullRequestTrigger, PushTrigger, ReleaseTrigger, ManualTrigger {
  /**
   * {@return the event's name: {@code pull_request}, {@code push}, {@code release} or {@code
   * manual}}
   */
  String event();

  /** {@return one line for humans, e.g. {@code pull_request #42 labeled "deploy"}} */
  String describe();
}
