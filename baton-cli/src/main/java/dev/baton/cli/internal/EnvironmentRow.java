package dev.baton.cli.internal;

import dev.baton.ActionOutcome;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.Environment;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.PlannedAction;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the environments table: what a target runs now, as the ledger says.
 *
 * @param target the environment (and pull request)
 * @param image the pinned image of its latest deployment
 * @param url the environment URL; empty when unknown
 * @param state the latest deployment's state ({@code INACTIVE} for a destroyed preview)
 */
public record EnvironmentRow(
    DeploymentTarget target, ImageReference image, String url, DeploymentState state) {

  /** {@return the digest} */
  public Digest digest() {
    return image.digest().orElseThrow();
  }

  /** {@return the tag deployed, or empty} */
  public String tag() {
    return image.tag().map(t -> t.value()).orElse("");
  }

  /** {@return {@code running}, {@code destroyed}, {@code failed} or {@code deploying}} */
  public String status() {
    return status(state);
  }

  /**
   * @param state a deployment's state
   * @return {@code running}, {@code destroyed}, {@code failed} or {@code deploying}
   */
  public static String status(DeploymentState state) {
    return switch (state) {
      case SUCCESS -> "running";
      case INACTIVE -> "destroyed";
      case FAILURE -> "failed";
      default -> "deploying";
    };
  }

  /**
   * The latest deployment of every target, environments in table order.
   *
   * @param table the environment table
   * @param ledger the ledger
   * @return one row per target that was ever deployed
   */
  public static List<EnvironmentRow> fromLedger(Environments table, DeploymentLedger ledger) {
    List<EnvironmentRow> rows = new ArrayList<>();
    for (Environment e : table.all()) {
      // history() is newest first: the first record seen for a target is its latest.
      Map<DeploymentTarget, DeploymentRecord> latest = new LinkedHashMap<>();
      for (DeploymentRecord d : ledger.history(e.name())) {
        latest.putIfAbsent(d.target(), d);
      }
      List<DeploymentRecord> records = new ArrayList<>(latest.values());
      java.util.Collections.reverse(records);
      for (DeploymentRecord d : records) {
        String url = d.state() == DeploymentState.INACTIVE ? "" : d.url();
        rows.add(new EnvironmentRow(d.target(), d.image(), url, d.state()));
      }
    }
    return rows;
  }

  /**
   * What a run's own steps say each target it deployed runs now, in the order deployed, read from
   * the steps alone (no call to the ledger): a deploy gives the image and its URL, a later verify
   * of the same target its URL, a destroy removes the target. Targets the run did not touch are not
   * listed; {@code baton status} shows every one.
   *
   * @param steps the steps that succeeded, in order
   * @return one row per target the run deployed and did not destroy
   */
  public static List<EnvironmentRow> fromSteps(List<ActionOutcome> steps) {
    Map<DeploymentTarget, EnvironmentRow> rows = new LinkedHashMap<>();
    for (ActionOutcome o : steps) {
      if (o.action() instanceof PlannedAction.Deploy d && d.image().isPinned()) {
        rows.remove(d.target());
        rows.put(
            d.target(),
            new EnvironmentRow(d.target(), d.image(), o.url(), DeploymentState.SUCCESS));
      } else if (o.action() instanceof PlannedAction.Verify v && rows.containsKey(v.target())) {
        EnvironmentRow r = rows.get(v.target());
        String url = o.url().isEmpty() ? r.url() : o.url();
        rows.put(v.target(), new EnvironmentRow(r.target(), r.image(), url, r.state()));
      } else if (o.action() instanceof PlannedAction.Destroy d) {
        rows.remove(d.target());
      }
    }
    return new ArrayList<>(rows.values());
  }

  /**
   * @param rows rows
   * @param environment an environment name
   * @return the row of that environment's shared target
   */
  public static Optional<EnvironmentRow> find(List<EnvironmentRow> rows, String environment) {
    return rows.stream()
        .filter(
            r ->
                r.target().environment().value().equals(environment)
                    && !r.target().isPerPullRequest())
        .findFirst();
  }
}
