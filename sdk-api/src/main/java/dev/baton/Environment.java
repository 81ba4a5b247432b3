package dev.baton;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of the environment table.
 *
 * @param name Baton's name for it ({@code dev})
 * @param stack the Atmos stack to deploy ({@code dev})
 * @param githubEnvironment the GitHub environment its deployments are recorded under
 * @param trigger what selects it
 * @param requiresApproval whether a deploy waits for approval
 * @param needs environments that must already have run the same digest successfully
 * @param pullRequestVariable the variable that carries the pull request number for an environment
 *     with one instance per pull request ({@code PR_NUMBER}); empty for a shared environment
 * @param movingTags tags moved to the deployed digest after a successful deploy ({@code latest})
 * @param draftsRelease whether a successful deploy creates or updates the draft release
 * @param queue how runs waiting for one of its targets take turns when a shared lease store is
 *     configured
 */
public record Environment(
    EnvironmentName name,
    StackName stack,
    String githubEnvironment,
    EnvironmentTrigger trigger,
    boolean requiresApproval,
    List<EnvironmentName> needs,
    String pullRequestVariable,
    List<Tag> movingTags,
    boolean draftsRelease,
    QueueMode queue) {

  /**
   * Validates the row on its own; {@link Environments} validates the table as a whole.
   *
   * @param name Baton's name for it ({@code dev})
   * @param stack the Atmos stack to deploy ({@code dev})
   * @param githubEnvironment the GitHub environment its deployments are recorded under
   * @param trigger what selects it
   * @param requiresApproval whether a deploy waits for approval
   * @param needs environments that must already have run the same digest successfully
   * @param pullRequestVariable the variable that carries the pull request number for an environment
   *     with one instance per pull request ({@code PR_NUMBER}); empty for a shared environment
   * @param movingTags tags moved to the deployed digest after a successful deploy ({@code latest})
   * @param draftsRelease whether a successful deploy creates or updates the draft release
   * @param queue how runs waiting for one of its targets take turns when a shared lease store is
   *     configured
   */
  public Environment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(githubEnvironment, "githubEnvironment");
    Objects.requireNonNull(trigger, "trigger");
    needs = List.copyOf(needs);
    Objects.requireNonNull(pullRequestVariable, "pullRequestVariable");
    movingTags = List.copyOf(movingTags);
    Objects.requireNonNull(queue, "queue");
    if (githubEnvironment.isBlank()) {
      throw new IllegalArgumentException("environment " + name + ": GitHub environment is blank");
    }
    if (!pullRequestVariable.isEmpty() && !pullRequestVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "environment "
              + name
              + ": pull request variable \""
              + pullRequestVariable
              + "\" is not a valid environment variable name");
    }
    if (needs.contains(name)) {
      throw new IllegalArgumentException("environment " + name + " cannot need itself");
    }
  }

  /** {@return whether it has one instance per pull request} */
  public boolean isPerPullRequest() {
    return !pullRequestVariable.isEmpty();
  }

  /**
   * @param name the environment's name
   * @return a builder whose stack and GitHub environment default to the name, triggered manually
   */
  public static Builder builder(String name) {
    return new Builder(EnvironmentName.parse(name));
  }

  /** {@return a builder that starts from this row, to change some of it} */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.stack = stack;
    b.githubEnvironment = githubEnvironment;
    b.trigger = trigger;
    b.requiresApproval = requiresApproval;
    b.needs = new ArrayList<>(needs);
    b.pullRequestVariable = pullRequestVariable;
    b.movingTags = new ArrayList<>(movingTags);
    b.draftsRelease = draftsRelease;
    b.queue = queue;
    return b;
  }

  /** Builds an {@link Environment}; every setting but the name is optional. */
  public static final class Builder {
    private final EnvironmentName name;
    private StackName stack;
    private String githubEnvironment;
    private EnvironmentTrigger trigger = EnvironmentTrigger.manual();
    private boolean requiresApproval;
    private List<EnvironmentName> needs = new ArrayList<>();
    private String pullRequestVariable = "";
    private List<Tag> movingTags = new ArrayList<>();
    private boolean draftsRelease;
    private QueueMode queue = QueueMode.FIFO;

    private Builder(EnvironmentName name) {
      this.name = name;
      this.stack = StackName.parse(name.value());
      this.githubEnvironment = name.value();
    }

    /**
     * @param stack the Atmos stack
     * @return this builder
     */
    public Builder stack(String stack) {
      this.stack = StackName.parse(stack);
      return this;
    }

    /**
     * @param githubEnvironment the GitHub environment
     * @return this builder
     */
    public Builder githubEnvironment(String githubEnvironment) {
      this.githubEnvironment = githubEnvironment;
      return this;
    }

    /**
     * @param trigger what selects it
     * @return this builder
     */
    public Builder trigger(EnvironmentTrigger trigger) {
      this.trigger = trigger;
      return this;
    }

    /**
     * @param requiresApproval whether deploys wait for approval
     * @return this builder
     */
    public Builder requiresApproval(boolean requiresApproval) {
      this.requiresApproval = requiresApproval;
      return this;
    }

    /**
     * @param upstream environments that must have run the digest first
     * @return this builder
     */
    public Builder needs(String... upstream) {
      this.needs = new ArrayList<>();
      for (String u : upstream) {
        needs.add(EnvironmentName.parse(u));
      }
      return this;
    }

    /**
     * @param variable the variable carrying the pull request number
     * @return this builder
     */
    public Builder perPullRequest(String variable) {
      this.pullRequestVariable = variable;
      return this;
    }

    /**
     * @param tags tags moved to each deployed digest
     * @return this builder
     */
    public Builder movingTags(String... tags) {
      this.movingTags = new ArrayList<>();
      for (String t : tags) {
        movingTags.add(Tag.parse(t));
      }
      return this;
    }

    /**
     * @param draftsRelease whether a deploy drafts the next release
     * @return this builder
     */
    public Builder draftsRelease(boolean draftsRelease) {
      this.draftsRelease = draftsRelease;
      return this;
    }

    /**
     * @param queue how runs waiting for one of its targets take turns; {@link QueueMode#FIFO} by
     *     default
     * @return this builder
     */
    public Builder queue(QueueMode queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /**
     * @return the environment
     */
    public Environment build() {
      return new Environment(
          name,
          stack,
          githubEnvironment,
          trigger,
          requiresApproval,
          needs,
          pullRequestVariable,
          movingTags,
          draftsRelease,
          queue);
    }
  }
}
