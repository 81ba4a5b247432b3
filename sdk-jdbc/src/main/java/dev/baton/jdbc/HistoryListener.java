package dev.baton.jdbc;

import dev.baton.ApprovalMissingException;
import dev.baton.BatonException;
import dev.baton.DeploymentTarget;
import dev.baton.LeaseLostException;
import dev.baton.PipelineEvent;
import dev.baton.PipelineListener;
import dev.baton.PlannedAction;
import dev.baton.PolicyViolationException;
import dev.baton.RunId;
import dev.baton.StaleWriteException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a pipeline's tag writes (those that moved a tag; one already in place is not a write),
 * approvals, rejections and refusals to a {@link PostgresDeploymentLedger}'s history. A stale
 * ledger write is not added again (the ledger recorded it when it refused it), and a refusal is
 * added once per run, by the failed step when there is one, else by the end of the run.
 */
final class HistoryListener implements PipelineListener {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryListener.class);

  private final PostgresDeploymentLedger ledger;

  /** The runs whose refusal was added by a failed step. */
  private final Set<RunId> refused = ConcurrentHashMap.newKeySet();

  HistoryListener(PostgresDeploymentLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void onEvent(PipelineEvent event) {
    try {
      if (event instanceof PipelineEvent.Succeeded s) {
        succeeded(s.action(), s.detail(), s.changed());
      } else if (event instanceof PipelineEvent.Failed f) {
        failed(f.run(), f.action(), f.error());
      } else if (event instanceof PipelineEvent.RunFinished r) {
        boolean stepRefused = refused.remove(r.run());
        Optional<Throwable> error = r.error();
        if (!stepRefused && error.isPresent() && isRefusal(error.get())) {
          record(LedgerEvent.Kind.REFUSED, Optional.empty(), error.get().getMessage());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not add {} to the history in {}: {}", event, ledger, e.toString());
    }
  }

  private void succeeded(PlannedAction action, String detail, boolean changed) {
    if (action instanceof PlannedAction.Tagging t && changed) {
      record(LedgerEvent.Kind.TAG_WRITTEN, action, "tag " + t.tag() + ": " + detail);
    } else if (action instanceof PlannedAction.AwaitApproval) {
      record(LedgerEvent.Kind.APPROVED, action, detail);
    }
  }

  private void failed(RunId run, PlannedAction action, BatonException error) {
    if (action instanceof PlannedAction.AwaitApproval
        || error instanceof ApprovalMissingException) {
      refused.add(run);
      record(LedgerEvent.Kind.REJECTED, action, error.getMessage());
    } else if (isRefusal(error)) {
      refused.add(run);
      record(LedgerEvent.Kind.REFUSED, action, error.getMessage());
    }
  }

  /** A refusal by policy that the ledger did not record itself. */
  private static boolean isRefusal(Throwable error) {
    return error instanceof PolicyViolationException
        && (!(error instanceof StaleWriteException) || error instanceof LeaseLostException);
  }

  private void record(LedgerEvent.Kind kind, PlannedAction action, String reason) {
    record(kind, Optional.of(action), reason);
  }

  private void record(LedgerEvent.Kind kind, Optional<PlannedAction> action, String reason) {
    Optional<DeploymentTarget> target =
        action
            .filter(PlannedAction.Targeted.class::isInstance)
            .map(a -> ((PlannedAction.Targeted) a).target());
    Optional<PlannedAction.OfImage> image =
        action
            .filter(PlannedAction.OfImage.class::isInstance)
            .map(PlannedAction.OfImage.class::cast);
    ledger.recordEvent(
        kind,
        Optional.empty(),
        target,
        image.map(PlannedAction.OfImage::commit),
        image.flatMap(i -> i.image().digest()),
        reason == null ? "" : reason);
  }
}
