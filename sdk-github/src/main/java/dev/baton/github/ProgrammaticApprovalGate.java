package dev.baton.github;

import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.ApprovalRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An approval gate for platforms that approve in their own UI: {@link #await} blocks until the
 * platform calls {@link #approve} or {@link #reject} with the request it showed (from {@link
 * #pending()}), or until the request's timeout ({@link OperationTimeoutException}).
 *
 * <pre>{@code
 * ProgrammaticApprovalGate gate = new ProgrammaticApprovalGate();
 * // the pipeline thread blocks in gate.await(request); the UI thread:
 * for (ApprovalRequest waiting : gate.pending()) {
 *   show(waiting);           // target, commit, pinned image, reason
 * }
 * gate.approve(waiting, "alice");
 * }</pre>
 *
 * <p>Only a waiting request can be decided: approving exactly what was shown means a decision never
 * applies to another commit or image. Safe for concurrent use; an interrupted wait restores the
 * interrupt flag and throws.
 */
public final class ProgrammaticApprovalGate implements ApprovalGate {
  private final List<Waiting> waiting = new ArrayList<>();

  /** A gate with nothing waiting. */
  public ProgrammaticApprovalGate() {}

  @Override
  public ApprovalDecision await(ApprovalRequest request) {
    Objects.requireNonNull(request, "request");
    Waiting w = new Waiting(request, new CompletableFuture<>());
    synchronized (this) {
      waiting.add(w);
    }
    try {
      return w.decision.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new OperationTimeoutException(
          "no decision on the deployment of "
              + request.commit().shortForm()
              + " to "
              + request.target(),
          "nothing called approve or reject for the request: check that the platform shows"
              + " pending() to its reviewers, or give the pipeline a longer approvalTimeout",
          request.timeout(),
          e);
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted(
          "waiting for approval of " + request.target(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("approval futures are only ever completed normally", e);
    } finally {
      synchronized (this) {
        waiting.remove(w);
      }
    }
  }

  /** {@return the requests waiting for a decision, oldest first} */
  public synchronized List<ApprovalRequest> pending() {
    return waiting.stream().map(Waiting::request).toList();
  }

  /**
   * @param request a request from {@link #pending()}
   * @param reviewer who approves
   * @return whether a waiting request was approved (false when it had already timed out or been
   *     decided)
   */
  public boolean approve(ApprovalRequest request, String reviewer) {
    return decide(
        request, ApprovalDecision.approvedBy(Objects.requireNonNull(reviewer, "reviewer")));
  }

  /**
   * @param request a request from {@link #pending()}
   * @param reviewer who rejects
   * @param comment why
   * @return whether a waiting request was rejected
   */
  public boolean reject(ApprovalRequest request, String reviewer, String comment) {
    return decide(request, ApprovalDecision.rejectedBy(reviewer, comment));
  }

  private synchronized boolean decide(ApprovalRequest request, ApprovalDecision decision) {
    Objects.requireNonNull(request, "request");
    boolean any = false;
    for (Waiting w : waiting) {
      if (w.request.equals(request)) {
        any |= w.decision.complete(decision);
      }
    }
    return any;
  }

  @Override
  public synchronized String toString() {
    return "ProgrammaticApprovalGate[" + waiting.size() + " waiting]";
  }

  private record Waiting(ApprovalRequest request, CompletableFuture<ApprovalDecision> decision) {}
}
