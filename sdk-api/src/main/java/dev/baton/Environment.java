package dev.baton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the environment table.
 *
 * @param name Baton's name for it ({@code dev})
 * @param stack the Atmos stack to deploy ({@code dev})
 * @param githubEnvironment the GitHub environment its deployments are recorded under
 * @param trigger what selects it
 * @param approvals how many people must approve a deploy, and whether the author may
 * @param needs environments that must already have run the same digest successfully
 * @param pullRequestVariable the variable that carries the pull request number for an environment
 *     with one instance per pull request ({@code PR_NUMBER}); empty for a shared environment
 * @param movingTags tags moved to the deployed digest after a successful deploy ({@code latest})
 * @param draftsRelease whether a successful deploy creates or updates the draft release
 * @param queue how runs waiting for one of its targets take turns when a shared lease store is
 *     configured
 * @param windows when it takes deploys and approvals; any time when empty
 * @param freezes when it takes no deploy or approval, whatever its windows
 * @param soak how long each upstream environment must have run a digest successfully before this
 *     one takes it; {@link Duration#ZERO} for no wait
 * @param autoRollback whether a deploy that fails its verification is followed at once by a
 *     rollback to the target's last verified digest (the run still fails)
 * @param previews how long each instance of a per-pull-request environment may live; {@link
 *     PreviewLimits#NONE} for a shared environment
 * @param quarantineOnFailedVerification whether a digest whose verification fails here is
 *     quarantined in the ledger, so that no environment takes it again until it is released
 */
public record Environment(
    EnvironmentName name,
    StackName stack,
    String githubEnvironment,
    EnvironmentTrigger trigger,
    ApprovalPolicy approvals,
    List<EnvironmentName> needs,
    String pullRequestVariable,
    List<Tag> movingTags,
    boolean draftsRelease,
    QueueMode queue,
    List<Schedule> windows,
    List<Freeze> freezes,
    Duration soak,
    boolean autoRollback,
    PreviewLimits previews,
    boolean quarantineOnFailedVerification) {

  /**
   * Validates the row on its own; {@link Environments} validates the table as a whole.
   *
   * @param name Baton's name for it ({@code dev})
   * @param stack the Atmos stack to deploy ({@code dev})
   * @param githubEnvironment the GitHub environment its deployments are recorded under
   * @param trigger what selects it
   * @param approvals how many people must approve a deploy, and whether the author may
   * @param needs environments that must already have run the same digest successfully
   * @param pullRequestVariable the variable that carries the pull request number for an environment
   *     with one instance per pull request ({@code PR_NUMBER}); empty for a shared environment
   * @param movingTags tags moved to the deployed digest after a successful deploy ({@code latest})
   * @param draftsRelease whether a successful deploy creates or updates the draft release
   * @param queue how runs waiting for one of its targets take turns when a shared lease store is
   *     configured
   * @param windows when it takes deploys and approvals; any time when empty
   * @param freezes when it takes no deploy or approval, whatever its windows
   * @param soak how long each upstream environment must have run a digest successfully before this
   *     one takes it; {@link Duration#ZERO} for no wait
   * @param autoRollback whether a deploy that fails its verification is followed at once by a
   *     rollback to the target's last verified digest (the run still fails)
   * @param previews how long each instance of a per-pull-request environment may live; {@link
   *     PreviewLimits#NONE} for a shared environment
   * @param quarantineOnFailedVerification whether a digest whose verification fails here is
   *     quarantined in the ledger
   */
  public Environment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(githubEnvironment, "githubEnvironment");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(approvals, "approvals");
    needs = List.copyOf(needs);
    Objects.requireNonNull(pullRequestVariable, "pullRequestVariable");
    movingTags = List.copyOf(movingTags);
    Objects.requireNonNull(queue, "queue");
    windows = List.copyOf(windows);
    freezes = List.copyOf(freezes);
    Objects.requireNonNull(soak, "soak");
    if (soak.isNegative()) {
      throw new IllegalArgumentException("environment " + name + ": soak " + soak + " is negative");
    }
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
    if (soak.compareTo(Duration.ZERO) > 0 && needs.isEmpty()) {
      throw new IllegalArgumentException(
          "environment " + name + ": a soak needs upstream environments (needs) to soak in");
    }
    if (needs.contains(name)) {
      throw new IllegalArgumentException("environment " + name + " cannot need itself");
    }
    Objects.requireNonNull(previews, "previews");
    if (previews.isLimited() && pullRequestVariable.isEmpty()) {
      throw new IllegalArgumentException(
          "environment "
              + name
              + ": preview limits (ttl, max-age) apply only to an environment with one instance"
              + " per pull request");
    }
  }

  /**
   * Whether it takes deploys and approvals at an instant: not inside any of its {@linkplain
   * #freezes() freezes} and, when it has {@linkplain #windows() windows}, inside one of them.
   *
   * @param now the instant
   * @return the refusal, naming what keeps it closed and when it next opens; empty when it is open
   */
  public Optional<DeploymentWindowClosedException> closedAt(Instant now) {
    String closedBy = closedBy(now);
    if (closedBy == null) {
      return Optional.empty();
    }
    Instant t = now;
    // Each step moves past a freeze's end or to a window's next start.
    for (int step = 0; step < 10_000; step++) {
      final Instant at = t;
      Instant next = null;
      for (Freeze f : freezes) {
        Optional<Instant> end = f.endAt(t);
        if (end.isPresent() && (next == null || end.get().isAfter(next))) {
          next = end.get();
        }
      }
      if (next == null) {
        if (windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(at))) {
          return Optional.of(new DeploymentWindowClosedException(name, closedBy, t));
        }
        for (Schedule w : windows) {
          Instant start = w.nextStartAfter(t);
          if (next == null || start.isBefore(next)) {
            next = start;
          }
        }
      }
      t = next;
    }
    return Optional.of(new DeploymentWindowClosedException(name, closedBy, null));
  }

  /**
   * When an environment open at an instant next closes: the end of the window that holds it (when
   * no other window takes over) or the start of its next freeze, whichever comes first.
   *
   * @param now an instant at which it is open
   * @return when it next closes; empty when it is closed at {@code now}, or never closes (no
   *     window, no freeze ahead)
   */
  public Optional<Instant> closesAfter(Instant now) {
    if (closedBy(now) != null) {
      return Optional.empty();
    }
    Instant t = now;
    // Each step moves to the next instant where a window ends or a freeze starts.
    for (int step = 0; step < 1_000; step++) {
      final Instant at = t;
      Instant next = null;
      for (Schedule w : windows) {
        Optional<Instant> end = w.endOfIntervalAt(at);
        if (end.isPresent() && (next == null || end.get().isBefore(next))) {
          next = end.get();
        }
      }
      for (Freeze f : freezes) {
        Instant start = f.weekly() != null ? f.weekly().nextStartAfter(at) : f.from();
        if (start.isAfter(at) && (next == null || start.isBefore(next))) {
          next = start;
        }
      }
      if (next == null) {
        return Optional.empty();
      }
      if (closedBy(next) != null) {
        return Optional.of(next);
      }
      t = next;
    }
    return Optional.empty();
  }

  /** What keeps it closed at an instant, or null when it is open. */
  private String closedBy(Instant now) {
    for (Freeze f : freezes) {
      if (f.contains(now)) {
        return "inside its " + f;
      }
    }
    if (!windows.isEmpty() && windows.stream().noneMatch(w -> w.contains(now))) {
      return "outside its deployment windows ("
          + String.join(", ", windows.stream().map(Schedule::toString).toList())
          + ")";
    }
    return null;
  }

  /** {@return whether it has one instance per pull request} */
  public boolean isPerPullRequest() {
    return !pullRequestVariable.isEmpty();
  }

  /** {@return whether a deploy waits for at least one approval} */
  public boolean requiresApproval() {
    return approvals.isRequired();
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
    b.approvals = approvals;
    b.needs = new ArrayList<>(needs);
    b.pullRequestVariable = pullRequestVariable;
    b.movingTags = new ArrayList<>(movingTags);
    b.draftsRelease = draftsRelease;
    b.queue = queue;
    b.windows = new ArrayList<>(windows);
    b.freezes = new ArrayList<>(freezes);
    b.soak = soak;
    b.autoRollback = autoRollback;
    b.previews = previews;
    b.quarantineOnFailedVerification = quarantineOnFailedVerification;
    return b;
  }

  /** Builds an {@link Environment}; every setting but the name is optional. */
  public static final class Builder {
    private final EnvironmentName name;
    private StackName stack;
    private String githubEnvironment;
    private EnvironmentTrigger trigger = EnvironmentTrigger.manual();
    private ApprovalPolicy approvals = ApprovalPolicy.none();
    private List<EnvironmentName> needs = new ArrayList<>();
    private String pullRequestVariable = "";
    private List<Tag> movingTags = new ArrayList<>();
    private boolean draftsRelease;
    private QueueMode queue = QueueMode.FIFO;
    private List<Schedule> windows = new ArrayList<>();
    private List<Freeze> freezes = new ArrayList<>();
    private Duration soak = Duration.ZERO;
    private boolean autoRollback;
    private PreviewLimits previews = PreviewLimits.NONE;
    private boolean quarantineOnFailedVerification;

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
     * @param requiresApproval whether deploys wait for one approval, by anyone ({@link
     *     ApprovalPolicy#of(int) ApprovalPolicy.of(1)}) or for none
     * @return this builder
     */
    public Builder requiresApproval(boolean requiresApproval) {
      this.approvals = requiresApproval ? ApprovalPolicy.of(1) : ApprovalPolicy.none();
      return this;
    }

    /**
     * @param approvals how many distinct people must approve a deploy, and whether the commit's
     *     author and the release's publisher are refused as approvers; none by default
     * @return this builder
     */
    public Builder approvals(ApprovalPolicy approvals) {
      this.approvals = Objects.requireNonNull(approvals, "approvals");
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
     * @param windows when it takes deploys and approvals; any time when none (the default)
     * @return this builder
     */
    public Builder windows(Schedule... windows) {
      this.windows = new ArrayList<>(List.of(windows));
      return this;
    }

    /**
     * @param freezes when it takes no deploy or approval, whatever its windows; none by default
     * @return this builder
     */
    public Builder freezes(Freeze... freezes) {
      this.freezes = new ArrayList<>(List.of(freezes));
      return this;
    }

    /**
     * @param soak how long each upstream environment must have run a digest successfully before
     *     this one takes it; zero (no wait) by default
     * @return this builder
     */
    public Builder soak(Duration soak) {
      this.soak = Objects.requireNonNull(soak, "soak");
      return this;
    }

    /**
     * @param autoRollback whether a deploy that fails its verification is followed at once by a
     *     rollback to the target's last verified digest; false by default
     * @return this builder
     */
    public Builder autoRollback(boolean autoRollback) {
      this.autoRollback = autoRollback;
      return this;
    }

    /**
     * @param previews how long each instance of this per-pull-request environment may live before
     *     {@link PromotionPipeline#sweepPreviews} destroys it; {@link PreviewLimits#NONE} by
     *     default
     * @return this builder
     */
    public Builder previews(PreviewLimits previews) {
      this.previews = Objects.requireNonNull(previews, "previews");
      return this;
    }

    /**
     * @param quarantine whether a digest whose verification fails in this environment is
     *     quarantined in the ledger (with the failure as its reason), so that no environment
     *     deploys or promotes it again until it is released; false by default
     * @return this builder
     */
    public Builder quarantineOnFailedVerification(boolean quarantine) {
      this.quarantineOnFailedVerification = quarantine;
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
          approvals,
          needs,
          pullRequestVariable,
          movingTags,
          draftsRelease,
          queue,
          windows,
          freezes,
          soak,
          autoRollback,
          previews,
          quarantineOnFailedVerification);
    }
  }
}
