package dev.baton.cli.internal;

import dev.baton.Digest;
import dev.baton.spi.QuarantineRecord;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton quarantine}: keep a digest from every environment, or let it go again. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    header = "keep a digest from every environment until it is released",
    description = {
      "Quarantines DIGEST in the ledger: from then on no environment deploys or promotes it."
          + " 'baton plan' shows it as a quarantine gate with its reason and 'baton run' refuses"
          + " it before any step runs; a run"
          + " planned before refuses it again before each step; 'baton rollback' passes it over."
          + " No gate overrides a quarantine, not even --break-glass. A digest already"
          + " quarantined keeps its first quarantine. Who quarantined it is GITHUB_ACTOR, else"
          + " the OS user; when, this machine's clock.",
      "",
      "With --release, lifts DIGEST's quarantine instead: environments may take it again.",
      "",
      "The ledger is the coordination store's (coordination.postgres or coordination.dynamodb"
          + " in baton.yaml). GitHub Deployments cannot keep quarantines: with that ledger the"
          + " command is refused, saying so. 'baton status' lists the quarantined digests.",
      "",
      "Standard output: result (quarantined, already-quarantined, released, not-quarantined),"
          + " digest, reason, who and at (ISO-8601 UTC) of the quarantine that stands or was"
          + " lifted, as key=value lines."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:quarantined, released, or nothing to change",
      "1:the ledger cannot keep quarantines, or cannot be written, with a hint",
      "2:bad usage"
    })
final class QuarantineCommand extends DirectCommand {
  @Parameters(
      index = "0",
      paramLabel = "DIGEST",
      description = "the image digest, sha256:<64 hex> (as 'baton status' shows it)")
  String digest;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description =
          "why: shown wherever the digest is refused, 1 to "
              + QuarantineRecord.MAX_REASON
              + " characters on one line")
  String reason;

  @Option(names = "--release", description = "lift DIGEST's quarantine instead")
  boolean release;

  QuarantineCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    Digest d = parse("DIGEST", digest, Digest::parse);
    QuarantineRecord asked =
        parse(
            "--reason",
            reason,
            r -> new QuarantineRecord(d, r, ctx.actor(), Clock.systemUTC().instant()));
    Shared shared = shared(loadConfig(), owned);
    Map<String, String> out = new LinkedHashMap<>();
    if (release) {
      Optional<QuarantineRecord> lifted = shared.ledger().release(asked);
      out.put("result", lifted.isPresent() ? "released" : "not-quarantined");
      out.put("digest", d.toString());
      lifted.ifPresent(q -> put(out, q));
      ctx.err()
          .println(
              ctx.redact(
                  lifted
                      .map(q -> "released " + d + " (" + q + ")")
                      .orElse(d + " was not quarantined; nothing changed")));
    } else {
      QuarantineRecord standing = shared.ledger().quarantine(asked);
      boolean mine = standing.equals(asked);
      out.put("result", mine ? "quarantined" : "already-quarantined");
      put(out, standing);
      ctx.err().println(ctx.redact((mine ? "" : "already quarantined, unchanged: ") + standing));
    }
    print(out);
    return Cli.OK;
  }

  private static void put(Map<String, String> out, QuarantineRecord q) {
    out.put("digest", q.digest().toString());
    out.put("reason", q.reason());
    out.put("who", q.who());
    out.put("at", q.at().toString());
  }
}
