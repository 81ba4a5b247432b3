package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.baton.ConfigurationException;
import dev.baton.ImageReference;
import dev.baton.testkit.HostileInputProperties;
import dev.baton.testkit.HostileInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a {@code baton.yaml} or a {@code promote --batch} file holds, the command reads it or
 * refuses it with its own typed error: a {@link ConfigurationException} naming file and line for
 * the configuration, a usage error (exit status 2) for the batch file; never "unexpected error"
 * from an exception of the YAML library or the JDK, and never work out of proportion to the file.
 * Inputs are random bytes, the documented example configuration and a batch file with values
 * swapped (for YAML anchors, aliases, tags, other types), bytes flipped and spans cut, and files
 * just under the 1 MiB limits: nested thousands deep, one value a megabyte long, a line repeated.
 *
 * <p>It would catch SnakeYAML's alias expansion ("billion laughs") or nesting reaching the loader,
 * a YAML value of the wrong node type read with a cast, an {@code {commit:N}} too large for an int,
 * and a batch line whose parts throw something other than IllegalArgumentException.
 */
@HostileInputProperties
class HostileFilesPropertiesTest {
  static final String CONFIG =
      String.join(
          "\n",
          "registry: ghcr.io",
          "repository: acme/shop",
          "pull-request-label: deploy",
          "atmos:",
          "  component: app",
          "  image-variable: APP_IMAGE",
          "  image-variable-check: fail",
          "  executable: atmos",
          "  timeout: 30m",
          "  grace-period: 10s",
          "tags:",
          "  build: \"sha-{commit:7}\"",
          "  release: \"v$VERSION\"",
          "environments:",
          "  - name: preview",
          "    trigger: pull-request",
          "    per-pull-request: PR_NUMBER",
          "  - name: dev",
          "    trigger: {push: main}",
          "    moving-tags: [latest]",
          "    drafts-release: true",
          "    stack: plat-ue2-dev",
          "  - name: staging",
          "    trigger: {release: {prereleases: true}}",
          "    needs: [dev]",
          "  - name: prod",
          "    trigger: {after: staging}",
          "    needs: [staging]",
          "    approval: true",
          "    github-environment: production",
          "coordination:",
          "  dynamodb:",
          "    table: baton-leases",
          "    region: eu-west-1",
          "    endpoint: http://127.0.0.1:8000",
          "  lease-ttl: 60s",
          "  lease-wait: 30m",
          "");
  static final String POSTGRES =
      String.join(
          "\n",
          "repository: ghcr.io/acme/shop",
          "coordination:",
          "  postgres:",
          "    url: \"jdbc:postgresql://db.internal:5432/baton\"",
          "    user: baton",
          "    password-env: BATON_DB_PASSWORD",
          "  lease-wait: 45m",
          "");
  static final ImageReference REPO = ImageReference.parse("ghcr.io/acme/shop");
  static final String BATCH =
      String.join(
          "\n",
          "\uFEFF# release 1.2.0",
          REPO + ":sha-" + "a".repeat(40) + " 1.2.0",
          REPO + "@sha256:" + "b".repeat(64) + "   1.2   # the minor",
          "ghcr.io/acme/api:sha-" + "c".repeat(40) + "\tlatest",
          "");

  @TempDir Path dir;

  @Test
  void anyConfiguration_isReadOrAConfigurationException() {
    // The samples are valid, so that their mutations reach past the first check.
    assertThat(ConfigLoader.parse("baton.yaml", CONFIG).environments().all()).hasSize(4);
    ConfigLoader.parse("baton.yaml", POSTGRES);
    HostileInputs inputs =
        HostileInputs.of(
                List.of(
                    CONFIG.getBytes(StandardCharsets.UTF_8),
                    POSTGRES.getBytes(StandardCharsets.UTF_8)))
            .largeBytes((int) ConfigLoader.MAX_BYTES - 64);
    Path file = dir.resolve("baton.yaml");
    forEachFile(
        inputs,
        60,
        file,
        (kind, bytes) ->
            // SnakeYAML's nodes cost up to some 500 bytes per byte of input (a file of "a:"
            // lines), the same at 64 KiB as at 1 MiB; work that grew faster would fail this.
            HostileInputs.checkWork(kind + " file", bytes.length, 1024, () -> load(file)));
  }

  private static void load(Path file) {
    try {
      ConfigLoader.load(file);
    } catch (ConfigurationException expected) {
      assertThat(expected.getMessage()).contains("baton.yaml");
    }
  }

  @Test
  void anyBatchFile_isPromotedOrRefusedAsUsage() {
    HostileInputs inputs =
        HostileInputs.of(List.of(BATCH.getBytes(StandardCharsets.UTF_8)))
            .largeBytes(PromoteCommand.MAX_BATCH_BYTES - 64);
    FakeProviders providers = new FakeProviders();
    providers.registry.pushImage(REPO.withTag(dev.baton.Tag.parse("sha-" + "a".repeat(40))));
    Path file = dir.resolve("batch.txt");
    CliRunner cli = CliRunner.in(dir).providers(providers);
    forEachFile(
        inputs,
        80,
        file,
        (kind, bytes) -> {
          CliRunner.Outcome o = cli.run("promote", "--batch", "batch.txt", "--concurrency", "2");
          assertThat(o.exit()).as(o.err()).isBetween(0, 2);
          assertThat(o.err()).doesNotContain("unexpected error");
        });
  }

  /**
   * Writes {@code examples} hostile files made from {@code inputs} to {@code file}, one at a time,
   * and checks each with {@code check}, given the kind of input and the bytes written.
   */
  private static void forEachFile(
      HostileInputs inputs, int examples, Path file, BiConsumer<HostileInputs.Kind, byte[]> check) {
    qt().withExamples(examples)
        .forAll(arbitrary().pick(HostileInputs.MOSTLY_SMALL), longs().all())
        .checkAssert(
            (kind, seed) ->
                inputs.check(
                    kind,
                    seed,
                    bytes -> {
                      try {
                        Files.write(file, bytes);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                      check.accept(kind, bytes);
                    }));
  }
}
