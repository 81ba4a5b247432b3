package dev.baton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The environment table: which environments exist, which stack each deploys, what selects it, and
 * what must come first. Immutable; order is the order environments were added.
 *
 * <pre>{@code
 * Environments table = Environments.standard().toBuilder()
 *     .change("prod", prod -> prod.stack("plat-ue2-prod"))
 *     .add(Environment.builder("qa").trigger(EnvironmentTrigger.after("staging")).needs("staging").build())
 *     .build();
 * }</pre>
 */
public final class Environments {
  private final Map<EnvironmentName, Environment> byName;

  private Environments(Map<EnvironmentName, Environment> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * The standard table, the seed's: {@code preview} per pull request with the {@code deploy} label,
   * {@code dev} on a push to the default branch (moves {@code latest}, drafts the release), {@code
   * staging} on a published release after dev ran the digest, {@code prod} after staging, with
   * approval. Runs waiting for preview and dev give way to newer commits ({@link
   * QueueMode#SUPERSEDE}); staging and prod take every release in turn ({@link QueueMode#FIFO}).
   *
   * @return the standard four-environment table
   */
  public static Environments standard() {
    return builder()
        .add(
            Environment.builder("preview")
                .trigger(EnvironmentTrigger.pullRequestLabel("deploy"))
                .perPullRequest("PR_NUMBER")
                .queue(QueueMode.SUPERSEDE)
                .build())
        .add(
            Environment.builder("dev")
                .trigger(EnvironmentTrigger.pushToDefaultBranch())
                .movingTags("latest")
                .draftsRelease(true)
                .queue(QueueMode.SUPERSEDE)
                .build())
        .add(
            Environment.builder("staging")
                .trigger(EnvironmentTrigger.releasePublished())
                .needs("dev")
                .build())
        .add(
            Environment.builder("prod")
                .trigger(EnvironmentTrigger.after("staging"))
                .needs("staging")
                .requiresApproval(true)
                .build())
        .build();
  }

  /** {@return an empty builder} */
  public static Builder builder() {
    return new Builder(new LinkedHashMap<>());
  }

  /** {@return a builder holding this table, to change it} */
  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(byName));
  }

  /** {@return every environment, in table order} */
  public List<Environment> all() {
    return List.copyOf(byName.values());
  }

  /**
   * @param name an environment name
   * @return the environment, when the table has it
   */
  public Optional<Environment> find(EnvironmentName name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * @param name an environment name
   * @return the environment
   * @throws ConfigurationException when the table has no such environment
   */
  public Environment get(String name) {
    return get(EnvironmentName.parse(name));
  }

  /**
   * @param name an environment name
   * @return the environment
   * @throws ConfigurationException when the table has no such environment
   */
  public Environment get(EnvironmentName name) {
    Environment e = byName.get(name);
    if (e == null) {
      throw new ConfigurationException(
          "no environment \"" + name + "\" in the environment table",
          "known environments: " + byName.keySet());
    }
    return e;
  }

  /**
   * @param upstream an environment
   * @return the environments triggered {@link EnvironmentTrigger.After after} it, directly or
   *     transitively, in the order they deploy
   */
  public List<Environment> downstreamOf(EnvironmentName upstream) {
    List<Environment> out = new ArrayList<>();
    List<EnvironmentName> frontier = List.of(upstream);
    while (!frontier.isEmpty()) {
      List<EnvironmentName> next = new ArrayList<>();
      for (Environment e : byName.values()) {
        if (e.trigger() instanceof EnvironmentTrigger.After a && frontier.contains(a.upstream())) {
          out.add(e);
          next.add(e.name());
        }
      }
      frontier = next;
    }
    return out;
  }

  @Override
  public String toString() {
    return "Environments" + byName.keySet();
  }

  /** Builds an {@link Environments} table and validates it as a whole. */
  public static final class Builder {
    private final LinkedHashMap<EnvironmentName, Environment> byName;

    private Builder(LinkedHashMap<EnvironmentName, Environment> byName) {
      this.byName = byName;
    }

    /**
     * @param environment a new environment
     * @return this
     * @throws ConfigurationException when the name is taken
     */
    public Builder add(Environment environment) {
      if (byName.putIfAbsent(environment.name(), environment) != null) {
        throw new ConfigurationException(
            "environment \"" + environment.name() + "\" is defined twice",
            "give each environment a distinct name, or use replace()");
      }
      return this;
    }

    /**
     * @param environment a changed environment, replacing the one of the same name
     * @return this
     */
    public Builder replace(Environment environment) {
      if (byName.replace(environment.name(), environment) == null) {
        throw new ConfigurationException(
            "no environment \"" + environment.name() + "\" to replace",
            "use add() for a new environment");
      }
      return this;
    }

    /**
     * Changes one environment of the table: {@link #replace} with a changed copy of it, read from
     * this builder, so that the table is not named twice.
     *
     * <pre>{@code
     * Environments.standard().toBuilder().change("prod", prod -> prod.stack("plat-ue2-prod")).build();
     * }</pre>
     *
     * @param name the environment to change
     * @param change what to change, applied to a builder holding the environment's settings
     * @return this
     * @throws ConfigurationException when there is no such environment, naming the known ones
     */
    public Builder change(String name, UnaryOperator<Environment.Builder> change) {
      EnvironmentName key = EnvironmentName.parse(name);
      Environment current = byName.get(key);
      if (current == null) {
        throw new ConfigurationException(
            "no environment \"" + key + "\" to change", "known environments: " + byName.keySet());
      }
      return replace(change.apply(current.toBuilder()).build());
    }

    /**
     * @param name the environment to drop
     * @return this
     */
    public Builder remove(String name) {
      byName.remove(EnvironmentName.parse(name));
      return this;
    }

    /**
     * @return the table
     * @throws ConfigurationException naming the environment when a reference is dangling, an {@code
     *     after} chain loops, or a per-PR environment is not triggered by pull requests
     */
    public Environments build() {
      for (Environment e : byName.values()) {
        for (EnvironmentName n : e.needs()) {
          requireKnown(e, n, "needs");
        }
        if (e.trigger() instanceof EnvironmentTrigger.After a) {
          requireKnown(e, a.upstream(), "runs after");
          requireNoLoop(e);
        }
        if (e.isPerPullRequest()
            && !(e.trigger() instanceof EnvironmentTrigger.PullRequestLabel
                || e.trigger() instanceof EnvironmentTrigger.Manual)) {
          throw new ConfigurationException(
              "environment "
                  + e.name()
                  + " has one instance per pull request but is not triggered by pull requests",
              "trigger it with EnvironmentTrigger.pullRequestLabel(...) or drop perPullRequest");
        }
      }
      return new Environments(new LinkedHashMap<>(byName));
    }

    private void requireKnown(Environment e, EnvironmentName n, String relation) {
      if (!byName.containsKey(n)) {
        throw new ConfigurationException(
            "environment "
                + e.name()
                + " "
                + relation
                + " \""
                + n
                + "\", which is not in the table",
            "known environments: " + byName.keySet());
      }
    }

    private void requireNoLoop(Environment start) {
      Set<EnvironmentName> seen = new HashSet<>();
      Environment e = start;
      while (e.trigger() instanceof EnvironmentTrigger.After a) {
        if (!seen.add(e.name())) {
          throw new ConfigurationException(
              "environment " + start.name() + " is in a loop of 'after' triggers: " + seen,
              "break the loop");
        }
        e = byName.get(a.upstream());
      }
    }
  }
}
