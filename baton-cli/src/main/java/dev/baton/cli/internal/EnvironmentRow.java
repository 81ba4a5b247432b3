package dev.baton.cli.internal;

import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.Environment;
import dev.baton.Environments;
import dev.baton.ImageReference;
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
