package dev.baton.cli.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton coordination}: the shared lease store's own commands. */
@Command(
    name = "coordination",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    header = "set up the shared lease store baton.yaml's coordination section names",
    description = {
      "Commands for the store that keeps the leases and the ledger every process of the flow"
          + " shares: a DynamoDB table or a PostgreSQL schema, as baton.yaml's coordination"
          + " section names it."
    },
    commandListHeading = "%nCommands:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"2:no command was given"})
final class CoordinationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Cli.USAGE;
  }

  /** {@code baton coordination init}: creates the table or migrates the schema. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      header = "create the DynamoDB table or migrate the PostgreSQL schema (idempotent)",
      description = {
        "Creates what the configured store needs: the DynamoDB table (coordination.dynamodb),"
            + " or the PostgreSQL schema, migrated to the current version"
            + " (coordination.postgres). Running it again changes nothing. Prints what it did;"
            + " with leases in memory (no store configured) there is nothing to create.",
        "",
        "The caller needs the rights to create: dynamodb:CreateTable and dynamodb:DescribeTable,"
            + " or CREATE on the database."
      },
      optionListHeading = "%nOptions:%n",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "0:created, migrated, or already there",
        "1:failed (the store cannot be reached, or this build lacks it), with a hint",
        "2:bad usage"
      })
  static final class Init extends DirectCommand {
    Init(Context ctx) {
      super(ctx);
    }

    @Override
    Integer call(Owned owned) {
      BatonConfig config = loadConfig();
      Coordination c = ctx.providers().coordination(config.coordination(), ctx, owned);
      ctx.err().println(ctx.redact("leases: " + c.description()));
      ctx.out().println(ctx.redact(c.init().get()));
      return Cli.OK;
    }
  }
}
