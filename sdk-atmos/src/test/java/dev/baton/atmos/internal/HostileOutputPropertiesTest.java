package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.BatonException;
import dev.baton.StackName;
import dev.baton.testkit.HostileInputProperties;
import dev.baton.testkit.HostileInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever atmos prints, the deployer's reading of it (lines split from the bytes, colours
 * stripped, Terraform's verdict, {@code terraform output -json} found among noise, {@code describe
 * component} parsed, a failure's hint) gives a result or a {@link BatonException}, with work in
 * proportion to the output. Inputs are random bytes, real apply, destroy, output and describe
 * output with values swapped, bytes flipped and spans cut, and 1 MiB of output: half a million
 * lines that each open a JSON object, nesting thousands deep, one value 1 MiB long. Each line costs
 * some hundred bytes of work (its string, its colours stripped), so the bound allows 256 bytes per
 * byte of output.
 *
 * <p>It caught the search for the JSON document copying all the output that follows every line that
 * starts with <code>{</code>, then throwing an exception for each such line that is no JSON: 3 MiB
 * of such lines did not finish in five minutes (terabytes to copy), where they now take about a
 * second. It would catch an unchecked conversion of a describe value (a number too large for a
 * long, a nested null) or a summary count too large for an int.
 */
@HostileInputProperties
class HostileOutputPropertiesTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final StackName STACK = StackName.parse("plat-ue2-dev");
  static final List<String> SAMPLES =
      List.of(
          String.join(
              "\n",
              "\u001b[0m\u001b[1maws_ecs_service.app: Modifying... [id=app]\u001b[0m",
              "aws_ecs_service.app: Modifications complete after 2s [id=app]",
              "",
              "\u001b[0m\u001b[1m\u001b[32mApply complete! Resources: 1 added, 2 changed, 0"
                  + " destroyed.\u001b[0m",
              "No changes. Your infrastructure matches the configuration.",
              "Destroy complete! Resources: 3 destroyed."),
          String.join(
              "\n",
              "Switched to workspace \"plat-ue2-dev\".",
              "WARN detected deprecated setting 'stacks.name_pattern'",
              "{",
              "  \"url\": {\"sensitive\": false, \"type\": \"string\", \"value\": \"https://x\"},",
              "  \"ids\": {\"sensitive\": false, \"type\": [\"list\", \"number\"], \"value\": [1, 2]},",
              "  \"key\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"hidden\"}",
              "}",
              "Warnings:",
              "- a warning"),
          String.join(
              "\n",
              "{\"atmos_component\": \"app\", \"atmos_stack\": \"plat-ue2-dev\", \"component\":"
                  + " \"app\", \"workspace\": \"plat-ue2-dev\", \"command\": \"terraform\",",
              " \"vars\": {\"image\": \"ghcr.io/a/b:1\", \"count\": 12345678901234567890,"
                  + " \"ratio\": 0.5, \"tags\": [\"a\", null, true], \"nested\": {\"x\": null}},",
              " \"env\": {\"APP_IMAGE\": \"ghcr.io/a/b:1\", \"EMPTY\": null},",
              " \"backend_type\": \"s3\", \"backend\": {\"bucket\": \"b\"}}"),
          String.join(
              "\n",
              "\u001b[31m\u2502 \u001b[0m\u001b[1m\u001b[31mError: \u001b[0m\u001b[0m\u001b[1m"
                  + "Error acquiring the state lock\u001b[0m",
              "Error: ExpiredToken: The security token included in the request is expired",
              "exit status 1"));

  final HostileInputs inputs =
      HostileInputs.of(SAMPLES.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList())
          .largeBytes(1 << 20);

  @Test
  void anyOutput_isReadIntoAResultOrABatonException_withBoundedWork() {
    qt().withExamples(80)
        .forAll(arbitrary().pick(HostileInputs.MOSTLY_SMALL), longs().all())
        .checkAssert(this::readChecked);
  }

  private void readChecked(HostileInputs.Kind kind, long seed) {
    inputs.check(
        kind,
        seed,
        output ->
            HostileInputs.checkWork(kind + " output", output.length, 256, () -> read(output)));
  }

  /** What the deployer does with a call's stdout. */
  private static void read(byte[] output) {
    List<String> lines = new ArrayList<>();
    TerraformSummary summary = new TerraformSummary();
    try (LineSplitter splitter =
        new LineSplitter(new ByteArrayInputStream(output), ProcessRunner.MAX_LINE_BYTES)) {
      for (String line = splitter.next(); line != null; line = splitter.next()) {
        String plain = Ansi.strip(line);
        summary.accept(plain);
        lines.add(plain);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(java.util.Arrays.stream(summary.applyCounts()).min().orElse(0)).isNotNegative();
    assertThat(summary.destroyedCount()).isNotNegative();
    FailureHints.forOutput(lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    TerraformOutputs.parse(MAPPER, lines);
    try {
      DescribeParser.parse(MAPPER, lines, STACK, "app", "atmos describe component app");
    } catch (BatonException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
