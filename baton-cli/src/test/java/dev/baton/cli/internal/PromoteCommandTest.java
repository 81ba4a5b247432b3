package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ImageReference;
import dev.baton.spi.ResolvedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton promote} over the testkit's in-memory registry; the real registries are the
 * providers' own tests. What is tested here is the command: parsing, policy, output, exit codes.
 */
class PromoteCommandTest {
  @TempDir Path dir;
  final FakeProviders providers = new FakeProviders();
  static final ImageReference BUILD = ImageReference.parse("ghcr.io/acme/shop:sha-1");

  CliRunner.Outcome promote(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "promote";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRunner.in(dir).providers(providers).run(all);
  }

  @Test
  void promote_createsTheTag_andPrintsTheDigestLast() {
    ResolvedImage build = providers.registry.pushIndex(BUILD);
    CliRunner.Outcome o = promote(BUILD.toString(), "1.2.0");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.lastLine()).isEqualTo(build.digest().toString());
    assertThat(o.err()).contains("created: ghcr.io/acme/shop:1.2.0");
    assertThat(providers.registry.digestOf(BUILD.withTag(dev.baton.Tag.parse("1.2.0"))))
        .contains(build.digest());
  }

  @Test
  void promote_twice_isIdempotent() {
    providers.registry.pushImage(BUILD);
    assertThat(promote(BUILD.toString(), "1.2.0").exit()).isZero();
    CliRunner.Outcome again = promote(BUILD.toString(), "1.2.0");
    assertThat(again.exit()).isZero();
    assertThat(again.err()).contains("already there");
  }

  @Test
  void promote_bySourceDigest_works() {
    ResolvedImage build = providers.registry.pushImage(BUILD);
    CliRunner.Outcome o = promote(BUILD.withoutTag().withDigest(build.digest()).toString(), "v1");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.lastLine()).isEqualTo(build.digest().toString());
  }

  @Test
  void promote_whenTagPointsElsewhere_exits1_andLeavesItUnlessAllowMove() {
    ResolvedImage old = providers.registry.pushImage(BUILD.withTag(dev.baton.Tag.parse("1.2.0")));
    ResolvedImage build = providers.registry.pushImage(BUILD);
    CliRunner.Outcome o = promote(BUILD.toString(), "1.2.0");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("error:").contains("1.2.0");
    assertThat(providers.registry.digestOf(BUILD.withTag(dev.baton.Tag.parse("1.2.0"))))
        .contains(old.digest());
    CliRunner.Outcome moved = promote(BUILD.toString(), "1.2.0", "--allow-move");
    assertThat(moved.exit()).isZero();
    assertThat(moved.err()).contains("moved");
    assertThat(moved.lastLine()).isEqualTo(build.digest().toString());
  }

  @Test
  void promote_missingSource_exits1_withHint() {
    CliRunner.Outcome o = promote("ghcr.io/acme/shop:sha-404", "1.0.0");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("sha-404").contains("hint:");
  }

  @Test
  void anAbbreviatedBuildTag_isRefused_namingTheWholeForm() {
    String commit = "bea45f7c0ffee0000000000000000000000000a1";
    providers.registry.pushImage(ImageReference.parse("ghcr.io/acme/shop:sha-" + commit));
    CliRunner.Outcome o = promote("ghcr.io/acme/shop:sha-bea45f7", "1.0.0");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("build tags hold the whole commit: ghcr.io/acme/shop:sha-<40 hex characters>")
        .contains("hint: give the full tag, e.g. ghcr.io/acme/shop:sha-$(git rev-parse bea45f7)");
    assertThat(promote("ghcr.io/acme/shop:sha-" + commit, "1.0.0").exit()).isZero();
  }

  @Test
  void aShortTagThatExists_isPromotedAsItIs() {
    // A configuration with tags.build "sha-{commit:7}" pushes 7-character tags.
    ResolvedImage build =
        providers.registry.pushImage(ImageReference.parse("ghcr.io/acme/shop:sha-bea45f7"));
    CliRunner.Outcome o = promote("ghcr.io/acme/shop:sha-bea45f7", "1.0.0");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.lastLine()).isEqualTo(build.digest().toString());
  }

  @Test
  void plainHttp_isPassedForARegistryOffThisMachine() {
    ImageReference internal = ImageReference.parse("registry.internal:5000/acme/shop:sha-1");
    providers.registry.pushImage(internal);
    assertThat(promote("--plain-http", internal.toString(), "1.0").exit()).isZero();
    assertThat(providers.calls).contains("registry registry.internal:5000/acme/shop plain-http");
  }

  /**
   * The real OCI provider against a plain HTTP server on this machine's non-loopback address, which
   * it would reach over https:// without --plain-http.
   */
  @Test
  void plainHttp_offThisMachine_reachesTheRegistryOverHttp() throws Exception {
    java.net.InetAddress address = nonLoopbackAddress();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        address != null, "this machine has no non-loopback IPv4 address");
    List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(address, 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    try {
      String source =
          address.getHostAddress() + ":" + server.getAddress().getPort() + "/acme/shop:sha-1";
      CliRunner.Outcome http = CliRunner.in(dir).run("promote", "--plain-http", source, "1.0.0");
      assertThat(http.exit()).isEqualTo(1);
      assertThat(http.err()).contains("not found");
      assertThat(requests).contains("GET /v2/acme/shop/manifests/sha-1");
    } finally {
      server.stop(0);
    }
  }

  private static java.net.InetAddress nonLoopbackAddress() throws Exception {
    for (java.net.NetworkInterface nic :
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }

  @Test
  void theRegistryTheCommandCreates_isClosedWhenItEnds_oneGivenToItIsNot() {
    List<dev.baton.oci.OciImageRegistry> created = new java.util.ArrayList<>();
    Providers recording =
        new Providers() {
          @Override
          protected dev.baton.oci.OciImageRegistry ociRegistry(
              ImageReference repository, RegistryAccess access) {
            dev.baton.oci.OciImageRegistry r = super.ociRegistry(repository, access);
            created.add(r);
            return r;
          }
        };
    ImageReference closedPort = ImageReference.parse("127.0.0.1:1/acme/shop:sha-1");
    CliRunner.in(dir).providers(recording).run("promote", closedPort.toString(), "1.0.0");
    assertThat(created).hasSize(1);
    assertThatThrownBy(() -> created.get(0).resolve(closedPort))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");

    try (dev.baton.oci.OciImageRegistry given = dev.baton.oci.OciImageRegistry.builder().build()) {
      CliRunner.in(dir).providers(giving(given)).run("promote", closedPort.toString(), "1.0.0");
      assertThatThrownBy(() -> given.resolve(closedPort))
          .as("a registry given to the command stays open")
          .isNotInstanceOf(IllegalStateException.class);
    }
  }

  /** Providers whose every registry is {@code registry}. */
  private static Providers giving(dev.baton.spi.ImageRegistry registry) {
    return new Providers() {
      @Override
      public dev.baton.spi.ImageRegistry registry(
          ImageReference repository, RegistryAccess access, Owned owned) {
        return registry;
      }
    };
  }

  @Test
  void batch_promotesAll_oneFailureDoesNotStopTheOthers_exit1() throws Exception {
    ResolvedImage a = providers.registry.pushImage(BUILD);
    ResolvedImage b = providers.registry.pushImage(ImageReference.parse("ghcr.io/acme/api:sha-2"));
    Files.writeString(
        dir.resolve("batch.txt"),
        """
        # release 1.3.0 of everything
        ghcr.io/acme/shop:sha-1  1.3.0
        ghcr.io/acme/web:sha-9   1.3.0   # never built
        ghcr.io/acme/api:sha-2   1.3.0
        """);
    CliRunner.Outcome o = promote("--batch", "batch.txt", "--concurrency", "2");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.out().strip().split("\n"))
        .containsExactly("1.3.0 " + a.digest(), "1.3.0 " + b.digest());
    assertThat(o.err())
        .contains("FAILED ghcr.io/acme/web:sha-9 -> 1.3.0")
        .contains("2 promoted, 1 failed");
  }

  @Test
  void batch_stopsAtItsTimeout_reportingWhatDidNotFinish() throws Exception {
    ResolvedImage a = providers.registry.pushImage(BUILD);
    ImageReference slow = ImageReference.parse("ghcr.io/acme/slow:sha-1");
    providers.registry.pushImage(slow);
    dev.baton.spi.ImageRegistry hanging =
        new dev.baton.spi.ImageRegistry() {
          @Override
          public java.util.Optional<ResolvedImage> resolve(ImageReference reference) {
            if (reference.repository().equals(slow.repository())) {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                throw dev.baton.OperationCancelledException.interrupted("resolving " + slow, e);
              }
            }
            return providers.registry.resolve(reference);
          }

          @Override
          public dev.baton.spi.TagResult tag(
              ResolvedImage image, dev.baton.Tag tag, dev.baton.spi.TagPolicy policy) {
            return providers.registry.tag(image, tag, policy);
          }
        };
    Files.writeString(dir.resolve("batch.txt"), BUILD + " 1.3.0\n" + slow + " 1.3.0\n");
    long start = System.nanoTime();

    CliRunner.Outcome o =
        CliRunner.in(dir)
            .providers(giving(hanging))
            .run("promote", "--batch", "batch.txt", "--timeout", "1s");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(4));
    assertThat(o.out().strip()).isEqualTo("1.3.0 " + a.digest());
    assertThat(o.err())
        .contains(
            "FAILED ghcr.io/acme/slow:sha-1 -> 1.3.0: not finished within the batch's time"
                + " limit of 1s")
        .contains("1 promoted, 1 failed (1 not finished within 1s)");
  }

  @Test
  void timeout_isForBatchesOnly_andMustBeADuration() {
    assertThat(promote(BUILD.toString(), "1.0.0", "--timeout", "1m").exit()).isEqualTo(2);
    CliRunner.Outcome bad = promote("--batch", "batch.txt", "--timeout", "soon");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("\"soon\" is not a positive duration");
  }

  @Test
  void batch_allSucceed_exit0() throws Exception {
    providers.registry.pushImage(BUILD);
    Files.writeString(dir.resolve("batch.txt"), BUILD + " 2.0.0\n" + BUILD + " stable\n");
    CliRunner.Outcome o = promote("--batch", "batch.txt");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("2.0.0 sha256:").contains("stable sha256:");
  }

  @Test
  void batch_oneTagTwoSources_isRefusedBeforeAnyWrite_namingBothLines() throws Exception {
    providers.registry.pushImage(BUILD);
    providers.registry.pushImage(ImageReference.parse("ghcr.io/acme/shop:sha-2"));
    Files.writeString(
        dir.resolve("batch.txt"),
        """
        ghcr.io/acme/shop:sha-1  1.3.0
        ghcr.io/acme/api:sha-2   1.3.0
        ghcr.io/acme/shop:sha-1  stable
        ghcr.io/acme/shop:sha-2  1.3.0
        """);
    CliRunner.Outcome o = promote("--batch", "batch.txt");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err())
        .contains("ghcr.io/acme/shop:1.3.0 is given two different sources")
        .contains("batch.txt:1: ghcr.io/acme/shop:sha-1  1.3.0")
        .contains("batch.txt:4: ghcr.io/acme/shop:sha-2  1.3.0");
    assertThat(providers.registry.digestOf(BUILD.withTag(dev.baton.Tag.parse("1.3.0")))).isEmpty();
    assertThat(providers.registry.digestOf(BUILD.withTag(dev.baton.Tag.parse("stable")))).isEmpty();
  }

  @Test
  void batch_readsEachSourceOnce_andTagsEveryLineFromThatRead() throws Exception {
    ResolvedImage a = providers.registry.pushImage(BUILD);
    ImageReference missing = ImageReference.parse("ghcr.io/acme/web:sha-9");
    java.util.Map<ImageReference, java.util.concurrent.atomic.AtomicInteger> reads =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger tags =
        new java.util.concurrent.atomic.AtomicInteger();
    dev.baton.spi.ImageRegistry counting =
        new dev.baton.spi.ImageRegistry() {
          @Override
          public java.util.Optional<ResolvedImage> resolve(ImageReference reference) {
            reads
                .computeIfAbsent(reference, r -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
            return providers.registry.resolve(reference);
          }

          @Override
          public dev.baton.spi.TagResult tag(
              ResolvedImage image, dev.baton.Tag tag, dev.baton.spi.TagPolicy policy) {
            tags.incrementAndGet();
            return providers.registry.tag(image, tag, policy);
          }
        };
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      batch.append(BUILD).append(" rel-").append(i).append('\n');
      if (i % 10 == 0) {
        batch.append(missing).append(" rel-").append(i).append('\n');
      }
    }
    Files.writeString(dir.resolve("batch.txt"), batch);

    CliRunner.Outcome o =
        CliRunner.in(dir)
            .providers(giving(counting))
            .run("promote", "--batch", "batch.txt", "--concurrency", "8");

    assertThat(o.exit()).isEqualTo(1);
    // Other reads are the tag writer's checks of the targets, never of a source.
    assertThat(reads.keySet())
        .allMatch(
            r -> r.equals(BUILD) || r.equals(missing) || r.tag().get().value().startsWith("rel-"));
    assertThat(reads.get(BUILD)).hasValue(1);
    assertThat(reads.get(missing)).hasValue(1);
    assertThat(tags).hasValue(40);
    assertThat(o.out().strip().split("\n")).hasSize(40).allMatch(l -> l.endsWith(" " + a.digest()));
    assertThat(o.err())
        .contains("FAILED ghcr.io/acme/web:sha-9 -> rel-30: image ghcr.io/acme/web:sha-9 not found")
        .contains("40 promoted, 4 failed");
  }

  @Test
  void batch_sameLineTwice_isNotAConflict() throws Exception {
    providers.registry.pushImage(BUILD);
    Files.writeString(dir.resolve("batch.txt"), BUILD + " 2.0.0\n" + BUILD + " 2.0.0\n");
    CliRunner.Outcome o = promote("--batch", "batch.txt", "--concurrency", "1");
    assertThat(o.exit()).as(o.err()).isZero();
  }

  @Test
  void batch_withByteOrderMark_isRead() throws Exception {
    ResolvedImage build = providers.registry.pushImage(BUILD);
    Files.writeString(dir.resolve("batch.txt"), "\uFEFF" + BUILD + " 2.0.0\r\n");
    CliRunner.Outcome o = promote("--batch", "batch.txt");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out().strip()).isEqualTo("2.0.0 " + build.digest());
  }

  @Test
  void batch_largerThanTheLimit_isRefusedNamingIt() throws Exception {
    providers.registry.pushImage(BUILD);
    String line = BUILD + " 2.0.0\n";
    Files.writeString(
        dir.resolve("batch.txt"), line.repeat(PromoteCommand.MAX_BATCH_BYTES / line.length() + 1));
    CliRunner.Outcome o = promote("--batch", "batch.txt");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("larger than 1048576 bytes (1 MiB), the limit for a batch file");
    assertThat(providers.registry.digestOf(BUILD.withTag(dev.baton.Tag.parse("2.0.0")))).isEmpty();
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  @org.junit.jupiter.api.condition.EnabledOnOs({
    org.junit.jupiter.api.condition.OS.LINUX,
    org.junit.jupiter.api.condition.OS.MAC
  })
  void batch_endlessFile_endsQuicklyWithTheLimit() {
    CliRunner.Outcome o = promote("--batch", "/dev/zero");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("larger than 1048576 bytes (1 MiB)");
  }

  @Test
  void withoutARegistryProvider_exits1_sayingItIsNotAvailable() {
    // The standard providers; a closed loopback port, so no network is reached either way.
    CliRunner.Outcome o =
        CliRunner.in(dir).run("promote", "--plain-http", "127.0.0.1:1/acme/shop:sha-1", "1.0.0");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("hint:");
  }
}
