package dev.baton.jdbc;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries {@link PostgresDeploymentLedger#history(HistoryQuery)} returns: {@link #all()}
 * narrowed by environment, target and time, newest first, at most {@link #limit()} of them.
 *
 * @param environment only this environment's entries, when present
 * @param target only this target's entries, when present
 * @param since only entries written at or after this instant, when present
 * @param limit the most entries returned, from 1 to {@value #MAX_LIMIT}
 */
public record HistoryQuery(
    Optional<EnvironmentName> environment,
    Optional<DeploymentTarget> target,
    Optional<Instant> since,
    int limit) {
  /** The most entries one query returns. */
  public static final int MAX_LIMIT = 10_000;

  /** How many entries {@link #all()} returns. */
  public static final int DEFAULT_LIMIT = 100;

  /**
   * Checks nothing is null and the limit is in range.
   *
   * @param environment only this environment's entries, when present
   * @param target only this target's entries, when present
   * @param since only entries written at or after this instant, when present
   * @param limit the most entries returned, from 1 to {@value #MAX_LIMIT}
   */
  public HistoryQuery {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(since, "since");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "history limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** {@return the newest {@value #DEFAULT_LIMIT} entries, of every environment} */
  public static HistoryQuery all() {
    return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }

  /**
   * @param value an environment
   * @return this query, for that environment's entries only
   */
  public HistoryQuery environment(EnvironmentName value) {
    return new HistoryQuery(Optional.of(value), target, since, limit);
  }

  /**
   * @param value a deployment target
   * @return this query, for that target's entries only
   */
  public HistoryQuery target(DeploymentTarget value) {
    return new HistoryQuery(environment, Optional.of(value), since, limit);
  }

  /**
   * @param value an instant
   * @return this query, for entries written at or after it only
   */
  public HistoryQuery since(Instant value) {
    return new HistoryQuery(environment, target, Optional.of(value), limit);
  }

  /**
   * @param value the most entries returned
   * @return this query, returning at most that many
   */
  public HistoryQuery limit(int value) {
    return new HistoryQuery(environment, target, since, value);
  }
}
