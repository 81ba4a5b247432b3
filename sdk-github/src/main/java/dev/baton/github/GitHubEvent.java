package dev.baton.github;

import dev.baton.Authors;
import dev.baton.Trigger;
import java.util.Objects;
import java.util.Optional;

/**
 * A GitHub webhook event read by {@link GitHubEventResolver}: the {@link Trigger} it amounts to,
 * or, for an event that can start no deployment at all (an {@code issues} event, a push that
 * deleted a tag of an unknown release, ...), the reason there is none.
 */
public final class GitHubEvent {
  private final String name;
  private final String action;
  private final Trigger trigger;
  private final String reason;
  private final Authors authors;

  private GitHubEvent(String name, String action, Trigger trigger, String reason, Authors authors) {
    this.name = Objects.requireNonNull(name, "name");
    this.action = Objects.requireNonNull(action, "action");
    this.trigger = trigger;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.authors = Objects.requireNonNull(authors, "authors");
  }

  /** The same event, with who wrote its commit and who published its release. */
  GitHubEvent withAuthors(Authors who) {
    return new GitHubEvent(name, action, trigger, reason, who);
  }

  /**
   * {@return who the payload says wrote the commit ({@code head_commit.author.username} of a push,
   * {@code pull_request.user.login}) and published the release ({@code release.author.login});
   * empty names for what it does not say. A release's payload does not name its commit's author:
   * look it up with {@link GitHubReleaseSource#commitAuthor}}
   */
  public Authors authors() {
    return authors;
  }

  static GitHubEvent of(String name, String action, Trigger trigger) {
    return new GitHubEvent(
        name,
        action,
        Objects.requireNonNull(trigger, "trigger"),
        trigger.describe(),
        Authors.unknown());
  }

  static GitHubEvent ignored(String name, String action, String reason) {
    return new GitHubEvent(name, action, null, reason, Authors.unknown());
  }

  /** {@return the event name, e.g. {@code pull_request}} */
  public String name() {
    return name;
  }

  /**
   * {@return the payload's {@code action}, e.g. {@code labeled}; empty for events without one
   * (push)}
   */
  public String action() {
    return action;
  }

  /**
   * {@return the trigger; empty when the event cannot start a deployment (see {@link #reason()})}
   */
  public Optional<Trigger> trigger() {
    return Optional.ofNullable(trigger);
  }

  /** {@return why there is no trigger, or the trigger's description} */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "GitHubEvent[" + name + (action.isEmpty() ? "" : "." + action) + ": " + reason + "]";
  }
}
