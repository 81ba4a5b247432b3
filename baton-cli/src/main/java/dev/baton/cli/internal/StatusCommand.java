package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.DeploymentTarget;
import dev.baton.DeploymentWindowClosedException;
import dev.baton.Digest;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.internal.Json;
import dev.baton.jdbc.HistoryQuery;
import dev.baton.jdbc.LedgerEvent;
import dev.baton.jdbc.PostgresDeploymentLedger;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.QuarantineRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton status}: what each target runs, as the ledger says, and who holds its lease. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "show what each environment runs, who holds its lease, and its windows",
    description = {
      "Shows, for each environment of the table (or ENV only), each of its targets: the state"
          + " of its latest deployment, the commit, digest and image it runs, when that"
          + " deployment was recorded and its URL, from the ledger; and the run that holds the"
          + " target's lease, if one does, from the coordination store. Nothing is written.",
      "",
      "The ledger is the coordination store's when baton.yaml names one, else GitHub"
          + " Deployments when GITHUB_REPOSITORY and GITHUB_TOKEN are set; with neither, nothing"
          + " is remembered between commands, so there is nothing to show.",
      "",
      "--json prints one object, whose shape is stable: {\"targets\": [...], \"quarantines\":"
          + " [...], \"pendingApprovals\": [...]}, \"targets\" with one element per"
          + " target, environments in table order, each environment's shared target first, then"
          + " its pull requests by number. An element has \"environment\" (the name), \"target\""
          + " (dev, or preview#42), \"pullRequest\" (the number, or null), \"state\" (running,"
          + " deploying, failed, destroyed, or none when never deployed), \"current\" (the"
          + " deployment the target runs: {\"commit\", \"digest\", \"image\", \"deployedAt\""
          + " (ISO-8601 UTC), \"url\" (or null)}, or null when it runs none) and \"lease\" (the"
          + " holder: {\"owner\", \"token\", \"expiresAt\"}, or null when nobody holds it).",
      "",
      "Each environment with deployment windows or freezes gets a line after the table: open"
          + " or closed now, why, and when that next changes. In JSON: \"environments\": [...],"
          + " one element per environment shown, with \"environment\", \"open\" (true or"
          + " false), \"closedBy\" (why it is closed, or null), \"nextChange\" (ISO-8601 UTC"
          + " when it next opens or closes, or null when never), \"windows\" and \"freezes\""
          + " (as text, e.g. \"MON-FRI 09:00-17:00 Europe/Berlin\").",
      "",
      "Then the quarantined digests ('baton quarantine'), newest first: digest, reason, who"
          + " and when; in JSON \"quarantines\": [{\"digest\", \"reason\", \"who\", \"at\"}]"
          + " (ISO-8601 UTC), empty when none.",
      "",
      "Then the approvals still pending: for each environment and digest that some approved"
          + " but that needs more distinct approvers (approval: {required: N}) and has not run"
          + " there yet, the commit, digest, who approved and how many are required; in JSON"
          + " \"pendingApprovals\": [{\"environment\", \"commit\", \"digest\","
          + " \"approvedBy\": [...], \"required\"}].",
      "",
      "--history N adds what happened, newest first, at most N entries (of ENV only when given),"
          + " from the PostgreSQL store's history: each deploy started, succeeded or failed,"
          + " destroy, tag write, approval, rejection and refusal, with who, when, commit, digest"
          + " and reason, quarantine and release. In JSON: \"history\": [{\"at\", \"kind\", \"environment\","
          + " \"target\", \"actor\", \"commit\", \"digest\", \"token\", \"reason\"}],"
          + " absent values null. Other stores keep no such history: --history is refused."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:shown", "1:the ledger or the store cannot be read", "2:bad usage"})
final class StatusCommand extends DirectCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ENV",
      description = "only this environment (default: every environment)")
  String environment;

  @Option(names = "--json", description = "print JSON, in the shape described above")
  boolean json;

  /** The most history entries {@code --history} shows. */
  static final int MAX_HISTORY = 1000;

  @Option(
      names = "--history",
      paramLabel = "N",
      converter = Converters.HistoryLength.class,
      description =
          "also show the last N entries of the history (PostgreSQL store only), 1 to "
              + MAX_HISTORY)
  Integer history;

  StatusCommand(Context ctx) {
    super(ctx);
  }

  /** One target's line. */
  private record Row(
      Environment environment,
      DeploymentTarget target,
      String state,
      Optional<DeploymentRecord> current,
      Optional<Lease> lease) {}

  @Override
  Integer call(Owned owned) {
    BatonConfig config = loadConfig();
    List<Environment> environments =
        environment == null
            ? config.environments().all()
            : List.of(config.environments().get(parse("ENV", environment, EnvironmentName::parse)));
    Shared shared = Shared.open(config, ctx, owned, github());
    List<LedgerEvent> events = List.of();
    if (history != null) {
      if (!(shared.ledger() instanceof PostgresDeploymentLedger postgres)) {
        throw new ConfigurationException(
            "--history needs the PostgreSQL coordination store, which keeps a history; the ledger"
                + " here is "
                + shared.ledger(),
            "set coordination.postgres in baton.yaml, or leave out --history");
      }
      events =
          postgres.history(
              new HistoryQuery(
                  environments.size() == 1 && environment != null
                      ? Optional.of(environments.get(0).name())
                      : Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  history));
    }
    if (!json) {
      ctx.err().println(ctx.redact(shared.describe(null)));
    }
    List<Row> rows = new ArrayList<>();
    for (Environment e : environments) {
      rows.addAll(rows(e, shared));
    }
    Instant now = Clock.systemUTC().instant();
    List<QuarantineRecord> quarantines = shared.ledger().quarantines();
    List<Pending> pending = new ArrayList<>();
    for (Environment e : environments) {
      pending.addAll(pending(e, shared));
    }
    ctx.out()
        .println(
            ctx.redact(
                json
                    ? json(rows, environments, now, quarantines, pending, events, history != null)
                    : table(rows)
                        + windows(environments, now)
                        + quarantined(quarantines)
                        + pendingText(pending)));
    if (!json && !events.isEmpty()) {
      ctx.out().println();
      for (LedgerEvent e : events) {
        ctx.out().println(ctx.redact(ConsoleText.line(describe(e))));
      }
    }
    return Cli.OK;
  }

  private static List<Row> rows(Environment e, Shared shared) {
    // history() is newest first: a target's first record is its latest, its first success the
    // deployment it runs.
    Map<DeploymentTarget, DeploymentRecord> latest = new LinkedHashMap<>();
    Map<DeploymentTarget, DeploymentRecord> running = new LinkedHashMap<>();
    if (!e.isPerPullRequest()) {
      latest.put(DeploymentTarget.of(e.name()), null);
    }
    for (DeploymentRecord d : shared.ledger().history(e.name())) {
      latest.putIfAbsent(d.target(), d); // also over the shared target's null
      if (d.state() == DeploymentState.SUCCESS) {
        running.putIfAbsent(d.target(), d);
      }
    }
    List<DeploymentTarget> targets = new ArrayList<>(latest.keySet());
    targets.sort(
        Comparator.comparing(DeploymentTarget::isPerPullRequest)
            .thenComparingLong(t -> t.isPerPullRequest() ? Long.parseLong(t.instance()) : 0));
    List<Row> out = new ArrayList<>();
    for (DeploymentTarget t : targets) {
      DeploymentRecord last = latest.get(t);
      String state = last == null ? "none" : EnvironmentRow.status(last.state());
      out.add(
          new Row(
              e,
              t,
              state,
              Optional.ofNullable(running.get(t)),
              shared.leases().holder(LeaseKey.of(t))));
    }
    return out;
  }

  private static String table(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"TARGET", "STATE", "COMMIT", "DIGEST", "DEPLOYED", "URL", "LEASE"});
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.target().toString(),
            r.state(),
            r.current().map(d -> d.commit().value()).orElse("-"),
            r.current().map(d -> d.digest().toString()).orElse("-"),
            r.current().map(d -> d.updatedAt().toString()).orElse("-"),
            r.current().map(DeploymentRecord::url).filter(u -> !u.isEmpty()).orElse("-"),
            r.lease()
                .map(
                    l ->
                        "held by "
                            + l.owner()
                            + " (token "
                            + l.token()
                            + ") until "
                            + l.expiresAt())
                .orElse("free")
          });
    }
    int[] width = new int[cells.get(0).length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], ConsoleText.line(row[i]).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + width[i] + "s  ", ConsoleText.line(row[i])));
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /** A digest some approved for an environment, which needs more approvers before it deploys. */
  private record Pending(
      Environment environment, CommitSha commit, Digest digest, List<String> approvedBy) {}

  /**
   * The environment's digests with approvals recorded but fewer than its policy needs, that it has
   * not run yet, newest approval first.
   */
  private static List<Pending> pending(Environment e, Shared shared) {
    Map<Digest, Pending> byDigest = new LinkedHashMap<>();
    for (ApprovalRecord a : shared.ledger().approvals(e.name())) {
      byDigest
          .computeIfAbsent(a.digest(), d -> new Pending(e, a.commit(), d, new ArrayList<>()))
          .approvedBy()
          .add(a.reviewer());
    }
    List<Pending> out = new ArrayList<>();
    for (Pending p : byDigest.values()) {
      if (p.approvedBy().size() < e.approvals().required()
          && !shared.ledger().hasSucceeded(e.name(), p.digest())) {
        out.add(p);
      }
    }
    return out;
  }

  private static String pendingText(List<Pending> pending) {
    return section(
        "PENDING APPROVALS",
        pending,
        p ->
            p.environment().name()
                + " "
                + p.commit().shortForm()
                + " "
                + p.digest()
                + ": "
                + p.approvedBy().size()
                + " of "
                + p.environment().approvals().required()
                + " approvals ("
                + String.join(", ", p.approvedBy())
                + ")");
  }

  private static Map<String, Object> pendingJson(Pending p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", p.environment().name().value());
    m.put("commit", p.commit().value());
    m.put("digest", p.digest().toString());
    m.put("approvedBy", p.approvedBy());
    m.put("required", p.environment().approvals().required());
    return m;
  }

  /** The quarantined digests, one line each after a blank line; nothing when none. */
  private static String quarantined(List<QuarantineRecord> quarantines) {
    return section("QUARANTINED", quarantines, QuarantineRecord::toString);
  }

  /**
   * A blank line, the heading, then one line per item, each made safe for the console; nothing when
   * there are no items.
   */
  private static <T> String section(String heading, List<T> items, Function<T, String> line) {
    StringBuilder b = new StringBuilder();
    if (!items.isEmpty()) {
      b.append("\n\n").append(heading);
      for (T item : items) {
        b.append("\n").append(ConsoleText.line(line.apply(item)));
      }
    }
    return b.toString();
  }

  private static Map<String, Object> quarantine(QuarantineRecord q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("digest", q.digest().toString());
    m.put("reason", q.reason());
    m.put("who", q.who());
    m.put("at", q.at().toString());
    return m;
  }

  private static String describe(LedgerEvent e) {
    return e.at()
        + "  "
        + e.kind().wireName()
        + e.target().map(t -> " " + t).orElse(e.environment().map(n -> " " + n).orElse(""))
        + e.commit().map(c -> " " + c.shortForm()).orElse("")
        + e.digest().map(d -> " " + d.shortForm()).orElse("")
        + " by "
        + e.actor()
        + (e.reason().isEmpty() ? "" : ": " + e.reason());
  }

  private static Map<String, Object> event(LedgerEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at().toString());
    m.put("kind", e.kind().wireName());
    m.put("environment", e.environment().<Object>map(EnvironmentName::value).orElse(Json.NULL));
    m.put("target", e.target().<Object>map(DeploymentTarget::toString).orElse(Json.NULL));
    m.put("actor", e.actor());
    m.put("commit", e.commit().<Object>map(CommitSha::value).orElse(Json.NULL));
    m.put("digest", e.digest().<Object>map(Object::toString).orElse(Json.NULL));
    m.put("token", e.token());
    m.put("reason", e.reason().isEmpty() ? Json.NULL : e.reason());
    return m;
  }

  /** One line per environment with windows or freezes: open or closed now, and until when. */
  private static String windows(List<Environment> environments, Instant now) {
    StringBuilder b = new StringBuilder();
    for (Environment e : environments) {
      if (e.windows().isEmpty() && e.freezes().isEmpty()) {
        continue;
      }
      Optional<DeploymentWindowClosedException> closed = e.closedAt(now);
      Optional<Instant> next = nextChange(e, closed, now);
      b.append('\n')
          .append(e.name())
          .append(": ")
          .append(closed.map(c -> "closed, " + c.closedBy()).orElse("open"))
          .append(
              next.map(t -> (closed.isPresent() ? "; opens at " : "; closes at ") + t)
                  .orElse(closed.isPresent() ? "; no opening ahead" : "; no closing ahead"));
    }
    return b.length() == 0 ? "" : "\n" + b;
  }

  private static Optional<Instant> nextChange(
      Environment e, Optional<DeploymentWindowClosedException> closed, Instant now) {
    return closed.isPresent() ? closed.get().opensAt() : e.closesAfter(now);
  }

  private static Map<String, Object> window(Environment e, Instant now) {
    Optional<DeploymentWindowClosedException> closed = e.closedAt(now);
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("environment", e.name().value());
    w.put("open", closed.isEmpty());
    w.put(
        "closedBy",
        closed.<Object>map(DeploymentWindowClosedException::closedBy).orElse(Json.NULL));
    w.put(
        "nextChange", nextChange(e, closed, now).<Object>map(Instant::toString).orElse(Json.NULL));
    w.put("windows", e.windows().stream().map(Object::toString).toList());
    w.put("freezes", e.freezes().stream().map(Object::toString).toList());
    return w;
  }

  private static String json(
      List<Row> rows,
      List<Environment> environments,
      Instant now,
      List<QuarantineRecord> quarantines,
      List<Pending> pending,
      List<LedgerEvent> events,
      boolean withHistory) {
    List<Object> targets = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("environment", r.environment().name().value());
      t.put("target", r.target().toString());
      t.put(
          "pullRequest",
          r.target().isPerPullRequest()
              ? (Object) Long.parseLong(r.target().instance())
              : Json.NULL);
      t.put("state", r.state());
      t.put("current", r.current().<Object>map(StatusCommand::current).orElse(Json.NULL));
      t.put("lease", r.lease().<Object>map(StatusCommand::lease).orElse(Json.NULL));
      targets.add(t);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("targets", targets);
    out.put("environments", environments.stream().map(e -> window(e, now)).toList());
    out.put("quarantines", quarantines.stream().map(StatusCommand::quarantine).toList());
    out.put("pendingApprovals", pending.stream().map(StatusCommand::pendingJson).toList());
    if (withHistory) {
      out.put("history", events.stream().map(StatusCommand::event).toList());
    }
    return Json.writeIndented(out);
  }

  private static Map<String, Object> current(DeploymentRecord d) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("commit", d.commit().value());
    c.put("digest", d.digest().toString());
    c.put("image", d.image().toString());
    c.put("deployedAt", d.updatedAt().toString());
    c.put("url", d.url().isEmpty() ? Json.NULL : d.url());
    return c;
  }

  private static Map<String, Object> lease(Lease l) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("owner", l.owner());
    c.put("token", l.token());
    c.put("expiresAt", l.expiresAt().toString());
    return c;
  }
}
