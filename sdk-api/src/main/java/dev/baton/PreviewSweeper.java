package dev.baton;

import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.PullRequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The preview reconciler behind {@link PromotionPipeline#sweepPreviews}: destroys the instances of
 * per-pull-request environments whose pull request closed or lost its label (an event that was
 * missed), that stayed idle past their ttl, or that lived past their max-age.
 *
 * <p>It reads the active previews from the ledger (a target whose newest successful deployment is
 * still active), and each one's pull request from the {@link SweepPolicy}'s source. A destroy takes
 * the target's lease only if nobody holds it or waits for it: a preview whose deploy is under way
 * is skipped and said so, never superseded, and the next sweep looks again. Under the lease the
 * ledger is read again, so a preview deployed or destroyed meanwhile is judged on what it is now.
 * Running it again converges: a destroyed preview is no longer active.
 *
 * <p>Idle time runs from the newest deployment record of the preview (its last deploy). Age runs
 * from the earliest time the ledger holds for it: the oldest of its records' times and the time the
 * build of its oldest record's commit was first recorded (just before that commit was first
 * planned). The ledger keeps every record of a preview, also from before an earlier destroy, so a
 * preview destroyed and deployed again keeps its age.
 */
final class PreviewSweeper {
  /** Runs one destroy as a run of the pipeline, with its events. */
  interface Runs {
    RunResult run(Trigger trigger, Function<RunId, RunResult> body);
  }

  private final Wiring w;
  private final Runs runs;

  PreviewSweeper(Wiring w, Runs runs) {
    this.w = w;
    this.runs = runs;
  }

  SweepReport sweep(SweepPolicy policy) {
    List<SweepReport.Entry> out = new ArrayList<>();
    for (Environment env : w.environments().all()) {
      if (!env.isPerPullRequest()) {
        continue;
      }
      for (Map.Entry<DeploymentTarget, List<DeploymentRecord>> e : active(env).entrySet()) {
        out.add(sweepOne(env, e.getKey(), e.getValue(), policy));
      }
    }
    return new SweepReport(policy.dryRun(), out);
  }

  /** The active previews of an environment, by pull request number, each with its records. */
  private Map<DeploymentTarget, List<DeploymentRecord>> active(Environment env) {
    Map<DeploymentTarget, List<DeploymentRecord>> byTarget = new LinkedHashMap<>();
    for (DeploymentRecord d : w.ledger().history(env.name())) {
      if (d.target().isPerPullRequest()) {
        byTarget.computeIfAbsent(d.target(), t -> new ArrayList<>()).add(d);
      }
    }
    Map<DeploymentTarget, List<DeploymentRecord>> out = new LinkedHashMap<>();
    byTarget.entrySet().stream()
        .filter(e -> isActive(e.getValue()))
        .sorted(Comparator.comparingInt(e -> Integer.parseInt(e.getKey().instance())))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static boolean isActive(List<DeploymentRecord> records) {
    return records.stream().anyMatch(d -> d.state() == DeploymentState.SUCCESS);
  }

  private SweepReport.Entry sweepOne(
      Environment env,
      DeploymentTarget target,
      List<DeploymentRecord> records,
      SweepPolicy policy) {
    int number = Integer.parseInt(target.instance());
    PullRequestState pr;
    try {
      pr = policy.pullRequests().state(number);
    } catch (BatonException e) {
      return new SweepReport.Entry(
          target,
          SweepReport.Outcome.SKIPPED_ERROR,
          "could not read pull request #" + number + ": " + e.getMessage());
    }
    Verdict verdict = judge(env, pr, records);
    if (verdict.reasonToDestroy().isEmpty()) {
      return new SweepReport.Entry(target, SweepReport.Outcome.KEPT, verdict.state());
    }
    if (policy.dryRun()) {
      return new SweepReport.Entry(
          target, SweepReport.Outcome.WOULD_DESTROY, verdict.reasonToDestroy().get());
    }
    Optional<LeaseCoordinator.Held> lease = w.leases().tryAcquireNow(LeaseKey.of(target));
    if (lease.isEmpty()) {
      return busy(target);
    }
    try (LeaseCoordinator.Held held = lease.get()) {
      List<DeploymentRecord> now =
          w.ledger().history(env.name()).stream().filter(d -> d.target().equals(target)).toList();
      if (!isActive(now)) {
        return new SweepReport.Entry(
            target, SweepReport.Outcome.KEPT, "destroyed meanwhile by another run");
      }
      Verdict again = judge(env, pr, now);
      if (again.reasonToDestroy().isEmpty()) {
        return new SweepReport.Entry(target, SweepReport.Outcome.KEPT, again.state());
      }
      String reason = "sweep: " + again.reasonToDestroy().get();
      PlannedAction.Destroy destroy =
          new PlannedAction.Destroy(target, env.stack(), w.variables(env, target), reason);
      Plan plan =
          new Plan(
              new ManualTrigger(ManualTrigger.Operation.DESTROY, target, null, null, reason),
              reason,
              List.of(destroy));
      try {
        RunResult result =
            runs.run(
                plan.trigger(),
                run ->
                    new PlanExecutor(w, run, false, Map.of()).underLease(target, held).run(plan));
        return new SweepReport.Entry(
            target,
            SweepReport.Outcome.DESTROYED,
            again.reasonToDestroy().get() + "; " + result.outcomes().get(0).detail());
      } catch (BatonException e) {
        return new SweepReport.Entry(
            target,
            SweepReport.Outcome.SKIPPED_ERROR,
            again.reasonToDestroy().get() + ", but the destroy failed: " + e.getMessage());
      }
    }
  }

  private SweepReport.Entry busy(DeploymentTarget target) {
    Optional<Lease> holder = w.leases().store().holder(LeaseKey.of(target));
    return new SweepReport.Entry(
        target,
        SweepReport.Outcome.SKIPPED_BUSY,
        "another run is changing it ("
            + holder
                .map(h -> "lease held by " + h.owner() + " until " + h.expiresAt())
                .orElse("a run waits for its lease")
            + "); the next sweep looks again");
  }

  /**
   * @param reasonToDestroy why it goes, when it does
   * @param state why it stays, when it does
   */
  private record Verdict(Optional<String> reasonToDestroy, String state) {}

  private Verdict judge(Environment env, PullRequestState pr, List<DeploymentRecord> records) {
    String subject = "pull request #" + pr.number();
    if (!pr.open()) {
      return destroy(subject + " is closed");
    }
    Optional<String> label =
        env.trigger() instanceof EnvironmentTrigger.PullRequestLabel l
            ? Optional.of(l.label())
            : Optional.empty();
    if (label.isPresent() && !pr.labels().contains(label.get())) {
      return destroy(subject + " no longer has the \"" + label.get() + "\" label");
    }
    Instant now = w.clock().instant();
    Instant last = records.stream().map(DeploymentRecord::updatedAt).max(Instant::compareTo).get();
    Instant first = firstDeploy(records);
    Duration idle = Duration.between(last, now);
    Duration age = Duration.between(first, now);
    PreviewLimits limits = env.previews();
    if (!limits.ttl().isZero() && idle.compareTo(limits.ttl()) > 0) {
      return destroy(
          "idle for "
              + text(idle)
              + " since its last deploy at "
              + last
              + ", longer than its ttl of "
              + text(limits.ttl()));
    }
    if (!limits.maxAge().isZero() && age.compareTo(limits.maxAge()) > 0) {
      return destroy(
          "first deployed at "
              + first
              + ", "
              + text(age)
              + " ago, longer than its max-age of "
              + text(limits.maxAge()));
    }
    return new Verdict(
        Optional.empty(),
        subject
            + " is open"
            + label.map(l -> " with the \"" + l + "\" label").orElse("")
            + "; idle "
            + text(idle)
            + (limits.ttl().isZero() ? "" : " of " + text(limits.ttl()))
            + ", age "
            + text(age)
            + (limits.maxAge().isZero() ? "" : " of " + text(limits.maxAge())));
  }

  private static Verdict destroy(String why) {
    return new Verdict(Optional.of(why), "");
  }

  /** The earliest time the ledger holds for a preview's deployments (see the class comment). */
  private Instant firstDeploy(List<DeploymentRecord> records) {
    Instant first = records.stream().map(DeploymentRecord::updatedAt).min(Instant::compareTo).get();
    DeploymentRecord oldest = records.get(records.size() - 1);
    return w.ledger()
        .build(oldest.commit())
        .map(b -> b.recordedAt().isBefore(first) ? b.recordedAt() : first)
        .orElse(first);
  }

  /** {@code 3d4h}, {@code 2h5m}, {@code 40s}: whole units, largest first, seconds at most. */
  private static String text(Duration d) {
    StringBuilder b = new StringBuilder();
    if (d.toDays() > 0) {
      b.append(d.toDays()).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (b.length() == 0 || d.toSecondsPart() > 0 && d.toDays() == 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    return b.toString();
  }
}
