package dev.baton.cli.internal;

import dev.baton.Plan;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place where text from outside (webhook payload fields, atmos and Terraform output) is
 * made safe to echo to the console. In GitHub Actions the runner reads every line of a step's log
 * as a possible workflow command ({@code ::set-output name=x::y}, {@code ::add-mask::...}), so a
 * payload label or an output line must neither break a line (CR and LF are written as the escapes
 * {@code \r} and {@code \n}) nor start one with {@code ::} (such a line gets a leading {@code \}).
 */
final class ConsoleText {
  private ConsoleText() {}

  /**
   * @param text untrusted text meant to be printed as one line
   * @return the text on one line, with CR and LF escaped and a workflow command defused
   */
  static String line(String text) {
    return defuse(text.replace("\r", "\\r").replace("\n", "\\n"));
  }

  /**
   * @param text text whose line breaks are Baton's own but whose lines may hold untrusted text
   * @return every line defused; a CR that ends no line is escaped
   */
  static String lines(String text) {
    return Arrays.stream(text.replace("\r\n", "\n").split("\n", -1))
        .map(ConsoleText::line)
        .collect(Collectors.joining("\n"));
  }

  /**
   * @param plan a plan
   * @return its readable listing ({@link Plan#toString()}), with the first line, which holds the
   *     trigger's description and the reason (payload text such as a label), on one line
   */
  static String plan(Plan plan) {
    String first = plan.trigger().describe() + ": " + plan.reason();
    String listing = plan.toString();
    return listing.startsWith(first)
        ? line(first) + lines(listing.substring(first.length()))
        : lines(listing);
  }

  private static String defuse(String line) {
    String s = line.stripLeading();
    return s.startsWith("::") || s.startsWith("##[") ? "\\" + line : line;
  }
}
