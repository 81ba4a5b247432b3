package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.ResolvedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo and {@code promote} against a real registry (Debian's docker-registry on loopback),
 * through the real OCI provider: what the in-memory tests cannot show.
 */
class LocalRegistryTest {
  @TempDir static Path dir;
  static LocalRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        LocalRegistry.installed(),
        "docker-registry is not installed" + " (apt-get install docker-registry)");
    registry = LocalRegistry.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void demo_onARealRegistry_endsWithOneDigestUnderLatestAndTheReleaseTag() {
    try (Owned owned = new Owned()) {
      demoOnARealRegistry(owned);
    }
  }

  private void demoOnARealRegistry(Owned owned) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Context ctx = new Context(out, out, RuntimeEnvironment.of(Map.of()), new Providers(), dir);
    Path work = dir.resolve("demo");
    DemoFlow.DemoSetup setup =
        DemoCommand.setup(Optional.of(registry.url()), Optional.empty(), work, ctx, owned);
    DemoFlow.Result r = new DemoFlow(setup, out, new ProgressPrinter(out, s -> s, false)).run(work);
    Digest dev = EnvironmentRow.find(r.rows(), "dev").orElseThrow().digest();
    assertThat(List.of("staging", "prod"))
        .allSatisfy(
            e ->
                assertThat(EnvironmentRow.find(r.rows(), e).orElseThrow().digest()).isEqualTo(dev));
    for (String tag : List.of("latest", r.release().tag())) {
      // Read back through the registry's API: the tags really are on that digest.
      assertThat(
              r.registry()
                  .resolve(r.repository().withTag(Tag.parse(tag)))
                  .map(ResolvedImage::digest))
          .as(tag)
          .contains(dev);
    }
    assertThat(r.repository().registry()).isEqualTo(registry.host());
  }

  @Test
  void promote_single_andBatch_onARealRegistry() throws Exception {
    ImageReference build = ImageReference.parse(registry.host() + "/acme/shop:sha-1");
    Digest pushed =
        new OciPush(
                registry.url(),
                Providers.RegistryAccess.from(true, RuntimeEnvironment.of(Map.of())))
            .pushImage(build);
    CliRunner cli = CliRunner.in(dir);
    CliRunner.Outcome one = cli.run("promote", build.toString(), "1.0.0");
    assertThat(one.exit()).as(one.err()).isZero();
    assertThat(one.lastLine()).isEqualTo(pushed.toString());
    assertThat(cli.run("promote", build.toString(), "1.0.0").err()).contains("already there");

    Files.writeString(
        dir.resolve("batch.txt"),
        build + " 1.1.0\n" + registry.host() + "/acme/shop:sha-404 1.1.1\n" + build + " stable\n");
    CliRunner.Outcome batch = cli.run("promote", "--batch", "batch.txt");
    assertThat(batch.exit()).isEqualTo(1);
    assertThat(batch.out().strip().split("\n"))
        .containsExactly("1.1.0 " + pushed, "stable " + pushed);
    assertThat(batch.err()).contains("FAILED " + registry.host() + "/acme/shop:sha-404");
  }

  @Test
  void demoCommand_withRegistry_exits0() {
    CliRunner.Outcome o =
        CliRunner.in(dir)
            .run(
                "demo",
                "--registry",
                registry.url().toString(),
                "--report",
                dir.resolve("r.md").toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("the OCI registry at " + URI.create(registry.url().toString()))
        .contains("dev, staging and prod run one digest");
  }
}
