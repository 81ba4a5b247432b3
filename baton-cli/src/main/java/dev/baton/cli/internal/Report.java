package dev.baton.cli.internal;

import dev.baton.ActionOutcome;
import dev.baton.BatonException;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.PlannedAction;
import dev.baton.RunResult;
import dev.baton.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Markdown report of one or more runs: the environments table (environment, digest, tag, URL),
 * a Mermaid diagram of how the digest was promoted, and each run's steps. {@code baton demo} writes
 * it to a file, {@code baton run} to the GitHub Actions job summary.
 *
 * <pre>{@code
 * String md = new Report("Release 1.2.0").run(result).environments(rows).failure(null).toMarkdown(table);
 * }</pre>
 */
public final class Report {
  private final String title;
  private final List<RunResult> runs = new ArrayList<>();
  private final List<EnvironmentRow> rows = new ArrayList<>();
  private String note = "";
  private String failedStep;
  private BatonException failure;

  /**
   * @param title the heading, e.g. {@code release 1.2.0 published}
   */
  public Report(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /**
   * @param result a finished run, in order
   * @return this
   */
  public Report run(RunResult result) {
    runs.add(result);
    return this;
  }

  /**
   * @param results finished runs, in order
   * @return this
   */
  public Report runsOf(List<RunResult> results) {
    runs.addAll(results);
    return this;
  }

  /**
   * @param environmentRows what runs where now
   * @return this
   */
  public Report environments(List<EnvironmentRow> environmentRows) {
    rows.clear();
    rows.addAll(environmentRows);
    return this;
  }

  /**
   * @param text a paragraph under the heading
   * @return this
   */
  public Report note(String text) {
    this.note = text;
    return this;
  }

  /**
   * @param step the step that failed, as {@link ProgressPrinter#describe} has it
   * @param error why
   * @return this
   */
  public Report failure(String step, BatonException error) {
    this.failedStep = step;
    this.failure = error;
    return this;
  }

  /**
   * @param table the environment table, for the promotion order in the diagram
   * @return the report as GitHub-flavoured Markdown
   */
  public String toMarkdown(Environments table) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(title).append("\n\n");
    if (!note.isEmpty()) {
      b.append(note).append("\n\n");
    }
    if (failure != null) {
      b.append("> **Failed:** ")
          .append(inline(failedStep))
          .append(": ")
          .append(inline(failure.getMessage()))
          .append("\n");
      if (!failure.hint().isEmpty()) {
        b.append(">\n> **Hint:** ").append(inline(failure.hint())).append("\n");
      }
      b.append('\n');
    }
    if (!rows.isEmpty()) {
      b.append("## Environments\n\n");
      b.append("| Environment | Digest | Tag | URL | Status |\n|---|---|---|---|---|\n");
      for (EnvironmentRow r : rows) {
        b.append("| ")
            .append(r.target())
            .append(" | `")
            .append(r.digest())
            .append("` | `")
            .append(r.tag())
            .append("` | ")
            .append(r.url().isEmpty() ? "—" : r.url())
            .append(" | ")
            .append(r.status())
            .append(" |\n");
      }
      b.append('\n');
    }
    String diagram = mermaid(table);
    if (!diagram.isEmpty()) {
      b.append("## Promotion\n\n```mermaid\n").append(diagram).append("```\n\n");
    }
    int i = 1;
    for (RunResult run : runs) {
      b.append("## ")
          .append(i++)
          .append(". ")
          .append(inline(run.plan().trigger().describe()))
          .append("\n\n")
          .append(inline(run.plan().reason()))
          .append("\n\n");
      if (run.outcomes().isEmpty()) {
        b.append("Nothing to do.\n\n");
        continue;
      }
      b.append("| Step | Result |\n|---|---|\n");
      for (ActionOutcome o : run.outcomes()) {
        b.append("| ")
            .append(cell(ProgressPrinter.describe(o.action())))
            .append(" | ")
            .append(cell(o.detail()))
            .append(o.url().isEmpty() ? "" : " — " + o.url())
            .append(" |\n");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * A flowchart of the runs' steps: each build digest, the environments it was deployed to (an
   * arrow from the environment it needed first, labelled with the tag it ran under and any
   * approval), and destroyed instances.
   */
  String mermaid(Environments table) {
    Map<String, String> nodes = new LinkedHashMap<>();
    java.util.Set<String> edges = new java.util.LinkedHashSet<>();
    Map<EnvironmentName, Digest> deployed = new LinkedHashMap<>();
    List<String> destroyedNodes = new ArrayList<>();
    for (RunResult run : runs) {
      String approval = "";
      for (ActionOutcome o : run.outcomes()) {
        PlannedAction a = o.action();
        if (a instanceof PlannedAction.AwaitApproval) {
          approval = o.detail();
        } else if (a instanceof PlannedAction.Deploy d && d.image().isPinned()) {
          Digest digest = d.image().digest().orElseThrow();
          String envNode = id("env", d.target().toString());
          nodes.put(envNode, d.target().toString());
          String from = null;
          for (EnvironmentName need : table.get(d.target().environment()).needs()) {
            if (digest.equals(deployed.get(need))) {
              from = id("env", need.value());
            }
          }
          if (from == null) {
            from = id("img", digest.encoded().substring(0, 12));
            nodes.put(from, Images.shortDigest(digest));
          }
          String label = d.image().tag().map(Tag::value).orElse("");
          if (!approval.isEmpty()) {
            label = label + ", " + approval;
            approval = "";
          }
          edges.add("  " + from + " -->|\"" + escape(label) + "\"| " + envNode);
          deployed.put(d.target().environment(), digest);
        } else if (a instanceof PlannedAction.Destroy d && o.detail().startsWith("destroyed")) {
          String envNode = id("env", d.target().toString());
          String gone = id("gone", d.target().toString());
          nodes.putIfAbsent(envNode, d.target().toString());
          nodes.put(gone, "destroyed");
          destroyedNodes.add(gone);
          String vars = new java.util.TreeMap<>(d.variables()).toString();
          edges.add("  " + envNode + " -.->|\"" + escape("destroy " + vars) + "\"| " + gone);
        }
      }
    }
    if (edges.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("flowchart LR\n");
    nodes.forEach(
        (k, v) -> {
          boolean image = k.startsWith("img_");
          b.append("  ")
              .append(k)
              .append(image ? "[(\"" : "[\"")
              .append(escape(v))
              .append(image ? "\")]" : "\"]")
              .append('\n');
        });
    edges.forEach(e -> b.append(e).append('\n'));
    if (!destroyedNodes.isEmpty()) {
      b.append("  classDef destroyed stroke-dasharray: 5 5,color:#888\n");
      b.append("  class ").append(String.join(",", destroyedNodes)).append(" destroyed\n");
    }
    return b.toString();
  }

  private static String id(String kind, String text) {
    return kind + "_" + text.replaceAll("[^A-Za-z0-9]", "_");
  }

  /**
   * Mermaid labels are in double quotes; a quote inside, and '#' (which starts Mermaid's entity
   * codes), are written as entity codes.
   */
  private static String escape(String s) {
    return s.replace("#", "#35;").replace("\"", "#quot;").replace("\n", " ");
  }

  private static String inline(String s) {
    return s == null ? "" : s.replace("\n", " ");
  }

  private static String cell(String s) {
    return inline(s).replace("|", "\\|");
  }
}
