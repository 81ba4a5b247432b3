package dev.baton.cli.internal;

import dev.baton.PipelineEvent;
import dev.baton.PipelineListener;
import dev.baton.PlannedAction;
import java.io.PrintStream;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Prints a running pipeline's steps as they happen, one line when a step starts and one when it
 * ends, with the deployer's output in between (ANSI colour removed, credentials redacted, line
 * breaks and workflow commands defused by {@link ConsoleText}). Never throws, as listeners must
 * not.
 */
public final class ProgressPrinter implements PipelineListener {
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");

  /** Terraform's summary lines: which workspace, what the plan and the apply did. */
  private static final Pattern SUMMARY =
      Pattern.compile(
          "(?i).*(workspace \"|^Plan:|Apply complete!|Destroy complete!|No changes\\.).*");

  private final PrintStream out;
  private final UnaryOperator<String> redact;
  private final boolean allOutput;

  /**
   * @param out where to print
   * @param redact applied to every line (hides credentials)
   * @param allOutput whether to print every line of the deployer's output, or only Terraform's
   *     summary lines (workspace, plan, apply and destroy results)
   */
  public ProgressPrinter(PrintStream out, UnaryOperator<String> redact, boolean allOutput) {
    this.out = out;
    this.redact = redact;
    this.allOutput = allOutput;
  }

  @Override
  public void onEvent(PipelineEvent event) {
    try {
      if (event instanceof PipelineEvent.Started s) {
        print("  -> " + ConsoleText.line(describe(s.action())));
      } else if (event instanceof PipelineEvent.Progress p) {
        String line = ANSI.matcher(p.line()).replaceAll("").stripTrailing();
        if (!line.isBlank() && (allOutput || SUMMARY.matcher(line.strip()).matches())) {
          print("     | " + ConsoleText.line(line));
        }
      } else if (event instanceof PipelineEvent.Succeeded s) {
        print("     ok: " + ConsoleText.line(s.detail()));
      } else if (event instanceof PipelineEvent.Failed f) {
        print("     FAILED: " + ConsoleText.lines(String.valueOf(f.error().getMessage())));
      } else if (event instanceof PipelineEvent.BreakGlassUsed b) {
        print(
            "  !! "
                + ConsoleText.line(
                    b.breakGlass() + " lets " + b.target() + " through: " + b.overridden()));
      } else if (event instanceof PipelineEvent.AutoRollback r) {
        print("  <- " + ConsoleText.line(r.target() + ": " + r.detail()));
      }
    } catch (RuntimeException e) {
      // A listener must never break the pipeline; printing is best effort.
    }
  }

  private void print(String line) {
    out.println(redact.apply(line));
    out.flush();
  }

  /**
   * @param a a planned step
   * @return one line naming what it does, where, and with which image
   */
  public static String describe(PlannedAction a) {
    StringBuilder b = new StringBuilder(a.type().wireName());
    if (a instanceof PlannedAction.Targeted t) {
      b.append(' ').append(t.target());
    }
    if (a instanceof PlannedAction.Tagging t) {
      b.append(' ').append(t.tag().value()).append(" -> ").append(Images.shortDigest(t.image()));
    } else if (a instanceof PlannedAction.DraftRelease d) {
      b.append(" at ").append(d.commit().shortForm());
    } else if (a instanceof PlannedAction.OnStack s) {
      b.append(" (stack ").append(s.stack()).append(')');
      new TreeMap<>(s.variables()).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
      if (a instanceof PlannedAction.OfImage i) {
        b.append(' ').append(Images.display(i.image()));
      }
    }
    return b.toString();
  }
}
