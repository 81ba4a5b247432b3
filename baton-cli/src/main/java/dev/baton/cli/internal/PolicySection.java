package dev.baton.cli.internal;

import dev.baton.ApprovalPolicy;
import dev.baton.Freeze;
import dev.baton.PreviewLimits;
import dev.baton.QueueMode;
import dev.baton.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The policy keys of an environment in baton.yaml: {@code approval}, {@code queue}, {@code
 * windows}, {@code freezes} and {@code previews}.
 */
final class PolicySection {
  private static final List<String> PREVIEW_KEYS = List.of("ttl", "max-age");
  // A preview lives at least a minute and at most a year between sweeps' judgements.
  private static final Duration PREVIEW_MIN = Duration.ofMinutes(1);
  private static final Duration PREVIEW_MAX = Duration.ofDays(365);
  private static final List<String> APPROVAL_KEYS = List.of("required", "not-author");
  private static final List<String> WINDOW_KEYS = List.of("days", "from", "to", "zone");
  private static final List<String> FREEZE_KEYS =
      List.of("from", "until", "reason", "days", "to", "zone");

  private final YamlNodes y;

  PolicySection(YamlNodes y) {
    this.y = y;
  }

  /**
   * {@code previews: {ttl: 72h, max-age: 14d}}, on the per-pull-request environment it limits: per
   * environment like {@code soak}, since a table may have several per-pull-request environments
   * with different costs.
   */
  PreviewLimits previews(Node node, String key) {
    Map<String, Node> p = y.keys(node, "in \"" + key + "\"", PREVIEW_KEYS);
    if (p.isEmpty()) {
      throw y.error(
          node, key, "sets no limit", "give ttl (idle time), max-age (lifetime), or both");
    }
    String prefix = key + ".";
    return PreviewLimits.of(
        y.duration(p, prefix, "ttl", PREVIEW_MIN, PREVIEW_MAX, Duration.ZERO),
        y.duration(p, prefix, "max-age", PREVIEW_MIN, PREVIEW_MAX, Duration.ZERO));
  }

  /** {@code windows}: a list of {@code {days: MON-FRI, from: "09:00", to: "17:00", zone: UTC}}. */
  List<Schedule> windows(Node node, String key) {
    List<Schedule> out = new ArrayList<>();
    for (Node item : y.items(node, key, "[{days: MON-FRI, from: \"09:00\", to: \"17:00\"}]")) {
      Map<String, Node> w = y.keys(item, "in \"" + key + "\"", WINDOW_KEYS);
      out.add(schedule(w, item, key));
    }
    return out;
  }

  private Schedule schedule(Map<String, Node> w, Node item, String key) {
    String days = y.requiredText(w, item, key, "days", "MON-FRI");
    String from = y.requiredText(w, item, key, "from", "\"09:00\"");
    String to = y.requiredText(w, item, key, "to", "\"17:00\"");
    String zone = y.optional(w, "zone").map(n -> y.text(n, key + ".zone")).orElse(null);
    return y.value(item, key, () -> Schedule.of(days, from, to, zone));
  }

  /**
   * {@code freezes}: a list of one-off {@code {from: INSTANT, until: INSTANT, reason: ...}} and
   * weekly {@code {days: FRI, from: "15:00", to: "09:00", zone: ..., reason: ...}} freezes.
   */
  List<Freeze> freezes(Node node, String key) {
    List<Freeze> out = new ArrayList<>();
    String example =
        "[{from: 2026-12-20T00:00:00Z, until: 2027-01-04T00:00:00Z, reason: holidays}]";
    for (Node item : y.items(node, key, example)) {
      Map<String, Node> f = y.keys(item, "in \"" + key + "\"", FREEZE_KEYS);
      String reason = y.optional(f, "reason").map(n -> y.text(n, key + ".reason")).orElse("");
      if (f.containsKey("days")) {
        if (f.containsKey("until")) {
          throw y.error(
              f.get("until"),
              key + ".until",
              "a weekly freeze (with days) ends at \"to\", not \"until\"",
              "write a weekly freeze as {days: FRI, from: \"15:00\", to: \"09:00\"}, a one-off"
                  + " one as {from: INSTANT, until: INSTANT}");
        }
        Schedule weekly = schedule(f, item, key);
        out.add(y.value(item, key, () -> Freeze.weekly(weekly, reason)));
      } else {
        if (f.containsKey("to") || f.containsKey("zone")) {
          Node bad = f.containsKey("to") ? f.get("to") : f.get("zone");
          throw y.error(
              bad,
              key,
              "\"to\" and \"zone\" go with a weekly freeze, which has \"days\"",
              "write a one-off freeze as {from: INSTANT, until: INSTANT}");
        }
        String from = y.requiredText(f, item, key, "from", "2026-12-20T00:00:00Z");
        String until = y.requiredText(f, item, key, "until", "2027-01-04T00:00:00Z");
        out.add(y.value(item, key, () -> Freeze.between(from, until, reason)));
      }
    }
    return out;
  }

  QueueMode queue(Node n, String key) {
    return y.choice(
        n,
        key,
        QueueMode.class,
        "a queue mode",
        "use fifo (every waiting run in turn) or supersede (only the newest commit)");
  }

  /**
   * {@code approval: true} (one approval by anyone), {@code false}, or {@code {required: N,
   * not-author: true}}.
   */
  ApprovalPolicy approval(Node n, String key) {
    if (n instanceof ScalarNode) {
      return y.bool(n, key) ? ApprovalPolicy.of(1) : ApprovalPolicy.none();
    }
    Map<String, Node> a = y.keys(n, "in \"" + key + "\"", APPROVAL_KEYS);
    Node required = a.get("required");
    if (required == null) {
      throw y.error(
          n,
          key + ".required",
          "is missing",
          "write e.g. \"approval: {required: 2, not-author: true}\"");
    }
    String count = y.text(required, key + ".required");
    if (!count.matches("[0-9]{1,2}")
        || Integer.parseInt(count) < 1
        || Integer.parseInt(count) > ApprovalPolicy.MAX_REQUIRED) {
      throw y.error(
          required,
          key + ".required",
          "must be a whole number from 1 to "
              + ApprovalPolicy.MAX_REQUIRED
              + ", got \""
              + count
              + "\"",
          "write the number of distinct approvers, e.g. required: 2");
    }
    boolean notAuthor =
        y.optional(a, "not-author").map(x -> y.bool(x, key + ".not-author")).orElse(false);
    return new ApprovalPolicy(Integer.parseInt(count), notAuthor);
  }
}
