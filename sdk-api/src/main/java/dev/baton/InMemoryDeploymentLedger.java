package dev.baton;

import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link DeploymentLedger}: in this process's memory, so it forgets on exit. Use a
 * shared ledger (GitHub Deployments) when several machines take part in one flow. Safe for
 * concurrent use.
 */
public final class InMemoryDeploymentLedger implements DeploymentLedger {
  private final Clock clock;
  private final Map<CommitSha, BuildRecord> builds = new ConcurrentHashMap<>();
  private final Map<String, DeploymentRecord> deployments = new LinkedHashMap<>();
  private final Map<DeploymentTarget, Long> newestTokens = new HashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Digest, QuarantineRecord> quarantines = new LinkedHashMap<>();
  private final List<ApprovalRecord> approvals = new ArrayList<>();

  /** A ledger on the system clock. */
  public InMemoryDeploymentLedger() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock the clock that stamps records
   */
  public InMemoryDeploymentLedger(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public BuildRecord recordBuild(CommitSha commit, ImageReference image) {
    return builds.computeIfAbsent(commit, c -> new BuildRecord(c, image, clock.instant()));
  }

  @Override
  public Optional<BuildRecord> build(CommitSha commit) {
    return Optional.ofNullable(builds.get(commit));
  }

  @Override
  public synchronized DeploymentRecord begin(DeploymentStart start, Fence fence) {
    checkFence(start.target(), fence);
    DeploymentRecord d = start.record(Long.toString(ids.incrementAndGet()), clock.instant());
    deployments.put(d.id(), d);
    return d;
  }

  @Override
  public synchronized DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    DeploymentLedger.checkFinish(deployment, state, url, fence);
    DeploymentRecord known = deployments.get(deployment.id());
    if (known == null) {
      throw new IllegalArgumentException("unknown deployment " + deployment.id());
    }
    if (state == DeploymentState.SUCCESS) {
      checkFence(deployment.target(), fence);
      deactivateSuccesses(deployment.target());
    }
    DeploymentRecord done = known.withState(state, clock.instant(), url);
    deployments.put(done.id(), done);
    return done;
  }

  @Override
  public synchronized void deactivate(DeploymentTarget target, Fence fence) {
    checkFence(target, fence);
    deactivateSuccesses(target);
  }

  /** The compare-and-set check; on success the fence's token becomes the target's newest. */
  private void checkFence(DeploymentTarget target, Fence fence) {
    long newest = newestTokens.getOrDefault(target, 0L);
    Optional<DeploymentRecord> current =
        deployments.values().stream()
            .filter(d -> d.target().equals(target) && d.state() == DeploymentState.SUCCESS)
            .reduce((a, b) -> b);
    Optional<String> violation = fence.violation(newest, current);
    if (violation.isPresent()) {
      throw new StaleWriteException(target.toString(), violation.get());
    }
    newestTokens.put(target, Math.max(newest, fence.token()));
  }

  private void deactivateSuccesses(DeploymentTarget target) {
    for (DeploymentRecord d : List.copyOf(deployments.values())) {
      if (d.target().equals(target) && d.state() == DeploymentState.SUCCESS) {
        deployments.put(d.id(), d.withState(DeploymentState.INACTIVE, clock.instant(), ""));
      }
    }
  }

  @Override
  public synchronized List<DeploymentRecord> history(EnvironmentName environment) {
    List<DeploymentRecord> out = new ArrayList<>();
    for (DeploymentRecord d : deployments.values()) {
      if (d.target().environment().equals(environment)) {
        out.add(d);
      }
    }
    out.sort(Comparator.comparingLong((DeploymentRecord d) -> Long.parseLong(d.id())).reversed());
    return out;
  }

  @Override
  public synchronized QuarantineRecord quarantine(QuarantineRecord quarantine) {
    return quarantines.computeIfAbsent(
        Objects.requireNonNull(quarantine, "quarantine").digest(), d -> quarantine);
  }

  @Override
  public synchronized Optional<QuarantineRecord> release(QuarantineRecord release) {
    return Optional.ofNullable(quarantines.remove(release.digest()));
  }

  @Override
  public synchronized Optional<QuarantineRecord> quarantined(Digest digest) {
    return Optional.ofNullable(quarantines.get(Objects.requireNonNull(digest, "digest")));
  }

  @Override
  public synchronized List<QuarantineRecord> quarantines() {
    List<QuarantineRecord> out = new ArrayList<>(quarantines.values());
    Collections.reverse(out);
    out.sort(Comparator.comparing(QuarantineRecord::at).reversed());
    return out;
  }

  @Override
  public synchronized ApprovalRecord recordApproval(ApprovalRecord approval) {
    Objects.requireNonNull(approval, "approval");
    for (ApprovalRecord a : approvals) {
      if (a.environment().equals(approval.environment())
          && a.digest().equals(approval.digest())
          && a.reviewer().equals(approval.reviewer())) {
        return a;
      }
    }
    approvals.add(approval);
    return approval;
  }

  @Override
  public synchronized List<ApprovalRecord> approvals(EnvironmentName environment) {
    Objects.requireNonNull(environment, "environment");
    List<ApprovalRecord> out = new ArrayList<>();
    for (ApprovalRecord a : approvals) {
      if (a.environment().equals(environment)) {
        out.add(a);
      }
    }
    Collections.reverse(out);
    out.sort(Comparator.comparing(ApprovalRecord::at).reversed());
    return out;
  }

  @Override
  public String toString() {
    return "InMemoryDeploymentLedger["
        + builds.size()
        + " builds, "
        + deployments.size()
        + " deployments]";
  }
}
