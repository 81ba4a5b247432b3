package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.testkit.servers.Dynalite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton promote} from separate processes (the shaded jar), creating one new release tag from
 * two different digests at once, on a real registry, with the leases in DynamoDB (Dynalite):
 * exactly one process creates the tag, every process that promoted the other digest fails with a
 * conflict, and no process reports success for a digest the tag is not on. Without a shared lease
 * store this race let two processes both report "created".
 */
class PromoteRaceIT {
  private static final int PROCESSES = 6;

  @Test
  void concurrentPromotesOfOneNewTag_fromTwoDigests_oneCreatesAndTheOthersConflict(
      @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(LocalRegistry.installed(), "docker-registry is not installed");
    Files.createDirectories(dir.resolve("registry"));
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"));
        Dynalite dynalite = Dynalite.start()) {
      OciPush push =
          new OciPush(
              registry.url(), Providers.RegistryAccess.from(true, RuntimeEnvironment.of(Map.of())));
      List<ImageReference> builds =
          List.of(
              ImageReference.parse(registry.host() + "/acme/shop:sha-a"),
              ImageReference.parse(registry.host() + "/acme/shop:sha-b"));
      List<Digest> digests = List.of(push.pushImage(builds.get(0)), push.pushImage(builds.get(1)));
      assertThat(digests.get(0)).isNotEqualTo(digests.get(1));
      Files.writeString(
          dir.resolve("baton.yaml"),
          "repository: "
              + registry.host()
              + "/acme/shop\ncoordination:\n  dynamodb: {table: baton, region: us-east-1,"
              + " endpoint: \""
              + dynalite.endpoint()
              + "\"}\n");
      assertThat(ShadedJarIT.baton(dir, "coordination", "init").exit()).isZero();

      List<Process> racers = new ArrayList<>();
      List<Path> outputs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        Path out = dir.resolve("promote-" + i + ".txt");
        outputs.add(out);
        racers.add(
            ShadedJarIT.batonProcess(dir, out, "promote", builds.get(i % 2).toString(), "1.0.0"));
      }
      List<Integer> exits = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        assertThat(racers.get(i).waitFor(120, TimeUnit.SECONDS)).as("promote ended").isTrue();
        exits.add(racers.get(i).exitValue());
        texts.add(Files.readString(outputs.get(i)));
      }

      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        if (texts.get(i).contains("created:")) {
          winners.add(i);
        }
      }
      assertThat(winners).as("processes that created the tag: %s", texts).hasSize(1);
      int winner = winners.get(0);
      Digest tagged = digests.get(winner % 2);
      for (int i = 0; i < PROCESSES; i++) {
        if (i % 2 == winner % 2) {
          assertThat(exits.get(i)).as("same digest as the winner: %s", texts.get(i)).isZero();
          assertThat(texts.get(i).strip()).endsWith(tagged.toString());
        } else {
          assertThat(exits.get(i)).as("the other digest: %s", texts.get(i)).isEqualTo(1);
          assertThat(texts.get(i)).contains("1.0.0").doesNotContain("created:");
        }
      }
      ShadedJarIT.Run check =
          ShadedJarIT.baton(dir, "promote", builds.get(winner % 2).toString(), "1.0.0");
      assertThat(check.exit()).as(check.out()).isZero();
      assertThat(check.out()).contains("already there");
    }
  }
}
