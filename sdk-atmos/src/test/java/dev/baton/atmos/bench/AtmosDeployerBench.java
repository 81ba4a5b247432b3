package dev.baton.atmos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.atmos.AtmosStackDeployer;
import dev.baton.atmos.internal.Ansi;
import dev.baton.atmos.internal.TerraformOutputs;
import dev.baton.atmos.internal.TerraformSummary;
import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.spi.Progress;
import dev.baton.testkit.Timings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints what an atmos call costs through {@link AtmosStackDeployer} with the testkit's fake atmos
 * (process start, pipes, parsing), and how fast the output parsers run. Not a test; run with
 *
 * <pre>
 * ./mvnw -q -pl sdk-atmos test-compile exec:exec
 * </pre>
 */
public final class AtmosDeployerBench {
  private AtmosDeployerBench() {}

  /**
   * @param args ignored
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("atmos-bench");
    AtmosFixture fixture = new AtmosFixture(dir);
    AtmosStackDeployer checked = fixture.builder().build();
    AtmosStackDeployer unchecked = fixture.builder().checkImageVariable(false).build();
    int rounds = 20;
    for (int i = 0; i < 3; i++) {
      unchecked.deploy(AtmosFixture.deployDev(AtmosFixture.newImage()), Progress.NONE);
    }
    print(
        "deploy, new image, with !env check (describe + deploy + output)",
        rounds,
        n -> checked.deploy(AtmosFixture.deployDev(AtmosFixture.newImage()), Progress.NONE));
    print(
        "deploy, new image, no check (deploy + output)",
        rounds,
        n -> unchecked.deploy(AtmosFixture.deployDev(AtmosFixture.newImage()), Progress.NONE));
    var same = AtmosFixture.deployDev(AtmosFixture.newImage());
    unchecked.deploy(same, Progress.NONE);
    print(
        "deploy, same image (no changes), no check",
        rounds,
        n -> unchecked.deploy(same, Progress.NONE));
    print(
        "outputs (init + output)",
        rounds,
        n -> unchecked.outputs(AtmosFixture.dev(), AtmosFixture.DEV, java.util.Map.of()));

    // Parsers on a 100,000-line apply transcript and a 2,000-output JSON document.
    List<String> transcript = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      transcript.add("\u001b[0m\u001b[1mmodule.x.aws_thing.t[" + i + "]: Creating...\u001b[0m");
    }
    transcript.add(
        "\u001b[0m\u001b[1m\u001b[32mApply complete! Resources: 1 added, 0 changed,"
            + " 0 destroyed.\u001b[0m");
    print(
        "strip + summary over 100,001 lines",
        10,
        n -> {
          TerraformSummary s = new TerraformSummary();
          transcript.forEach(l -> s.accept(Ansi.strip(l)));
          if (!s.applied()) {
            throw new IllegalStateException();
          }
        });
    StringBuilder json = new StringBuilder("Switched to workspace \"w\".\nWARN noise\n{\n");
    for (int i = 0; i < 2000; i++) {
      json.append("  \"o")
          .append(i)
          .append("\": {\"sensitive\": false, \"type\": \"string\"," + " \"value\": \"v")
          .append(i)
          .append("\"}")
          .append(i < 1999 ? ",\n" : "\n");
    }
    json.append("}\nWarnings:\n");
    List<String> lines = Arrays.asList(json.toString().split("\n"));
    ObjectMapper mapper = new ObjectMapper();
    print(
        "noisy -json with 2,000 outputs",
        50,
        n -> TerraformOutputs.parse(mapper, lines).orElseThrow());
  }

  private static void print(String what, int rounds, Timings.Run<Exception> body) throws Exception {
    Timings t = Timings.of(rounds, body);
    System.out.printf(
        "%-70s median %8.1f ms  p90 %8.1f ms  (n=%d)%n",
        what, t.medianMillis(), t.percentileMillis(0.9), rounds);
  }
}
