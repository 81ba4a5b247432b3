package dev.baton;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PromotionPipeline#sweepPreviews} did, or would do on a dry run: one entry per active
 * preview it looked at, with why.
 *
 * @param dryRun whether it only said what it would do
 * @param previews one entry per active preview, in environment and pull request order
 */
public record SweepReport(boolean dryRun, List<SweepReport.Entry> previews) {
  /** What happened to one preview. */
  public enum Outcome {
    /** Destroyed, and deactivated in the ledger. */
    DESTROYED,
    /** A dry run: it would have been destroyed. */
    WOULD_DESTROY,
    /** Its pull request is open with the label, and it is within its limits. */
    KEPT,
    /** Due, but another run holds its lease (a deploy or destroy under way): left for next time. */
    SKIPPED_BUSY,
    /** Its pull request could not be read, or its destroy failed: left for next time. */
    SKIPPED_ERROR
  }

  /**
   * One preview.
   *
   * @param target the preview
   * @param outcome what happened to it
   * @param reason why, in words
   */
  public record Entry(DeploymentTarget target, Outcome outcome, String reason) {
    /**
     * Checks nothing is null.
     *
     * @param target the preview
     * @param outcome what happened to it
     * @param reason why, in words
     */
    public Entry {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return target
          + ": "
          + outcome.name().toLowerCase(java.util.Locale.ROOT)
          + " ("
          + reason
          + ")";
    }
  }

  /**
   * Copies the entries.
   *
   * @param dryRun whether it only said what it would do
   * @param previews one entry per active preview
   */
  public SweepReport {
    previews = List.copyOf(previews);
  }

  /**
   * @param outcome an outcome
   * @return the entries with that outcome
   */
  public List<Entry> with(Outcome outcome) {
    return previews.stream().filter(e -> e.outcome() == outcome).toList();
  }

  /**
   * {@return whether a preview was skipped for an error (its pull request unreadable, a failed
   * destroy)}
   */
  public boolean hasErrors() {
    return !with(Outcome.SKIPPED_ERROR).isEmpty();
  }
}
