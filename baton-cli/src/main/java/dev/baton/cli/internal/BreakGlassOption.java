package dev.baton.cli.internal;

import dev.baton.BreakGlass;
import dev.baton.PromotionPipeline;
import picocli.CommandLine.Option;

/** {@code --break-glass REASON}: deploy outside the environments' windows and freezes, recorded. */
final class BreakGlassOption {
  @Option(
      names = "--break-glass",
      paramLabel = "REASON",
      description =
          "deploy and approve even outside the environments' deployment windows or inside a"
              + " freeze, for REASON; who broke the glass (GITHUB_ACTOR, else the OS user) and why"
              + " go into the plan's reason, the report and the pipeline's events. Overrides"
              + " nothing else (a soak, upstream, approval still hold).")
  String reason;

  /**
   * @return the pipeline, carrying the override when the option was given
   */
  PromotionPipeline apply(PromotionPipeline pipeline, Context ctx, CliCommand command) {
    if (reason == null) {
      return pipeline;
    }
    if (reason.isBlank()) {
      throw command.usage("--break-glass needs a reason, e.g. --break-glass \"checkout is down\"");
    }
    return pipeline.withBreakGlass(BreakGlass.of(ctx.actor(), reason));
  }
}
