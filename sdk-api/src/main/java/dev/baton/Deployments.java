package dev.baton;

import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.Progress;
import dev.baton.spi.QuarantineRecord;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The deploys of one run and their ledger records: each deploy is fenced by its target's lease, and
 * one that has a verification to come stays pending, holding that lease, until it is verified or
 * fails. Whatever ends (success, failure, a run stopped with deploys still pending) is recorded, so
 * that no record stays "in progress".
 */
final class Deployments {
  /** A deploy waiting for its verification, with the lease it holds until then. */
  record Pending(
      DeploymentRecord record, StackOutputs outputs, LeaseCoordinator.Held lease, Fence fence) {}

  private final Wiring w;
  private final Function<PlannedAction, Progress> progress;
  private final Map<DeploymentTarget, Pending> pending = new LinkedHashMap<>();
  private final Map<EnvironmentName, Digest> succeeded = new HashMap<>();

  /**
   * @param progress where each step reports what its provider waits for
   */
  Deployments(Wiring w, Function<PlannedAction, Progress> progress) {
    this.w = w;
    this.progress = progress;
  }

  /** {@return the digest each environment ran successfully in this run, by environment} */
  Map<EnvironmentName, Digest> succeeded() {
    return Collections.unmodifiableMap(succeeded);
  }

  /** {@return whether the target's deploy waits for its verification, holding its lease} */
  boolean isPending(DeploymentTarget target) {
    return pending.containsKey(target);
  }

  /**
   * Takes the target's pending deploy for its verification; the caller closes its lease.
   *
   * @throws IllegalStateException when no deploy of the target is pending
   */
  Pending take(DeploymentTarget target) {
    Pending p = pending.remove(target);
    if (p == null) {
      throw new IllegalStateException("verify of " + target + " without a deploy before it");
    }
    return p;
  }

  /** Forgets the target's pending deploy, if any, whose failure is already recorded. */
  void drop(DeploymentTarget target) {
    pending.remove(target);
  }

  /**
   * Deploys under a lease already held: a fenced ledger record, the deploy, and either a success
   * recorded at once (no verifier) or the deployment left pending for its verification.
   *
   * @param checkNotOlder false for a rollback, which may move the target back to an older commit
   */
  ActionOutcome deploy(
      PlannedAction.Deploy a, Environment env, LeaseCoordinator.Held held, boolean checkNotOlder) {
    DeploymentTarget target = a.target();
    Optional<DeploymentRecord> current = w.ledger().current(target);
    if (checkNotOlder) {
      w.checkNotOlder(target, a.commit(), current);
    }
    Fence fence = Fence.of(held.token(), current);
    held.check();
    DeploymentRecord record =
        w.ledger().begin(new DeploymentStart(target, a.commit(), a.image(), a.variables()), fence);
    DeployResult r;
    try {
      r =
          w.deployer()
              .deploy(
                  new DeployRequest(target, env.stack(), a.image(), a.variables()),
                  progress.apply(a));
    } catch (RuntimeException e) {
      recordFailure(record, "", e);
      throw e;
    }
    String url = r.outputs().url().map(Object::toString).orElse("");
    if (w.verifier() != null) {
      pending.put(target, new Pending(record, r.outputs(), held, fence));
    } else {
      succeed(record, url, held, fence);
      succeeded.put(env.name(), record.digest());
    }
    String detail = r + (r.hint().isEmpty() ? "" : " (" + r.hint() + ")");
    return new ActionOutcome(a, detail, url, r.outcome() != DeployResult.Outcome.NO_CHANGES);
  }

  /**
   * Records a success under the lease's fence; a refused one is recorded as a failure of this
   * deployment and thrown.
   */
  private void succeed(DeploymentRecord record, String url, LeaseCoordinator.Held held, Fence f) {
    try {
      held.check();
      w.ledger().finish(record, DeploymentState.SUCCESS, url, f);
    } catch (StaleWriteException e) {
      recordFailure(record, url, e);
      throw e;
    }
  }

  /**
   * Records a deployment's failure, even on an interrupted thread (the interrupt is cleared for the
   * write and restored after it, so that a ledger whose client gives up on interrupted threads
   * still records it). A failing write is added to {@code cause}, which stays what is thrown.
   */
  private void recordFailure(DeploymentRecord record, String url, RuntimeException cause) {
    boolean interrupted = Thread.interrupted();
    try {
      w.ledger().finish(record, DeploymentState.FAILURE, url);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Verifies a pending deployment under the lease its deploy took, which stays held. A deployment
   * found unhealthy, or whose verification timed out, is recorded as failed, and what is thrown for
   * it is what {@code failed} makes of the failure (the automatic rollback's outcome added, or the
   * failure itself).
   *
   * @param p the deployment, {@linkplain #take taken} from those pending
   */
  ActionOutcome verify(
      PlannedAction.Verify a,
      Environment env,
      Pending p,
      Function<BatonException, RuntimeException> failed) {
    DeploymentTarget target = a.target();
    VerificationResult v;
    try {
      v =
          w.verifier()
              .verify(
                  new VerificationRequest(
                      target, env.stack(), a.image(), p.outputs(), w.verifyTimeout()),
                  progress.apply(a));
    } catch (OperationTimeoutException e) {
      recordFailure(p.record(), "", e);
      throw failed.apply(e);
    } catch (RuntimeException e) {
      recordFailure(p.record(), "", e);
      throw e;
    }
    String url = p.outputs().url().map(Object::toString).orElse("");
    if (!v.passed()) {
      DeploymentFailedException unhealthy =
          new DeploymentFailedException(
              "deployment of " + a.image() + " to " + target + " is unhealthy: " + v.detail(),
              Hints.UNHEALTHY,
              List.of(),
              null);
      recordFailure(p.record(), url, unhealthy);
      quarantineIfAsked(env, a, v.detail(), unhealthy);
      throw failed.apply(unhealthy);
    }
    succeed(p.record(), url, p.lease(), p.fence());
    succeeded.put(env.name(), p.record().digest());
    return new ActionOutcome(
        a, v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + v.detail(), url, false);
  }

  /**
   * Quarantines the digest whose verification failed, where the environment asks for it, with the
   * failure as the reason (on one line, cut to the longest reason a ledger keeps). A failing write
   * is added to {@code cause}, which stays what is thrown.
   */
  private void quarantineIfAsked(
      Environment env, PlannedAction.Verify a, String detail, RuntimeException cause) {
    if (!env.quarantineOnFailedVerification()) {
      return;
    }
    String reason =
        ("verification of " + a.target() + " failed: " + detail).replaceAll("\\p{Cntrl}+", " ");
    if (reason.length() > QuarantineRecord.MAX_REASON) {
      reason = reason.substring(0, QuarantineRecord.MAX_REASON - 3) + "...";
    }
    try {
      w.ledger()
          .quarantine(
              new QuarantineRecord(
                  a.image().digest().orElseThrow(),
                  reason,
                  QuarantineRecord.AUTOMATIC,
                  w.clock().instant()));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Records the deploys still waiting for verification as failed; adds write errors to cause. */
  void failPending(RuntimeException cause) {
    for (Pending p : pending.values()) {
      try {
        recordFailure(p.record(), "", cause);
      } finally {
        p.lease().close();
      }
    }
    pending.clear();
  }
}
