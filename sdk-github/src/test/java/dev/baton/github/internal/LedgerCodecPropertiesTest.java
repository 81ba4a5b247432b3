package dev.baton.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.Tag;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Whatever the ledger writes into GitHub, it reads back unchanged. */
class LedgerCodecPropertiesTest {
  static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Test
  void buildStatus_roundTrips() {
    qt().withExamples(300)
        .forAll(images())
        .checkAssert(
            image -> {
              String url = LedgerCodec.buildUrl(image);
              String description = image.digest().orElseThrow().toString();

              assertThat(description.length()).isLessThanOrEqualTo(140);
              assertThat(LedgerCodec.readBuild(url, description)).contains(image);
            });
  }

  @Test
  void deploymentPayload_roundTripsThroughJson() {
    qt().withExamples(200)
        .forAll(images(), integers().between(1, Integer.MAX_VALUE), hex(40))
        .checkAssert(
            (image, pr, sha) -> {
              DeploymentTarget target =
                  DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), pr);
              CommitSha commit = CommitSha.parse(sha);
              Map<String, String> vars = Map.of("PR_NUMBER", Integer.toString(pr));
              com.fasterxml.jackson.databind.node.ObjectNode deployment = JSON.createObjectNode();
              deployment.set(
                  "payload", JSON.valueToTree(LedgerCodec.payload(target, commit, image, vars)));

              assertThat(LedgerCodec.read(deployment))
                  .contains(new LedgerCodec.Deployed(target, commit, image, vars));
            });
  }

  static Gen<ImageReference> images() {
    Gen<String> registry =
        arbitrary()
            .pick(
                "ghcr.io",
                "docker.io",
                "localhost:5000",
                "444444444444.dkr.ecr.us-east-1.amazonaws.com",
                "127.0.0.1:35731",
                "[::1]:5000");
    Gen<String> component = chars("abcdefghijklmnopqrstuvwxyz0123456789", 1, 12);
    Gen<String> repository =
        lists().of(component).ofSizeBetween(1, 3).map(parts -> String.join("/", parts));
    Gen<String> tag =
        chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", 0, 60)
            .assuming(t -> t.isEmpty() || Tag.tryParse(t).isPresent());
    Gen<Digest> digest = hex(64).map(h -> Digest.parse("sha256:" + h));
    return registry.zip(
        repository,
        tag,
        digest,
        (r, p, t, d) -> {
          ImageReference ref = ImageReference.of(r, p).withDigest(d);
          return t.isEmpty() ? ref : ref.withTag(Tag.parse(t));
        });
  }

  private static Gen<String> chars(String alphabet, int min, int max) {
    Gen<Character> c = arbitrary().pick(alphabet.chars().mapToObj(i -> (char) i).toList());
    return lists()
        .of(c)
        .ofSizeBetween(min, max)
        .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  private static Gen<String> hex(int length) {
    return Generate.byteArrays(
            Generate.constant(length / 2), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .map(b -> HexFormat.of().formatHex(b));
  }
}
