package dev.baton.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.Tag;
import java.util.HexFormat;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the ledger writes into GitHub, it reads back unchanged. */
class LedgerCodecPropertiesTest {
  static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Property(tries = 300)
  void buildStatus_roundTrips(@ForAll("images") ImageReference image) {
    String url = LedgerCodec.buildUrl(image);
    String description = image.digest().orElseThrow().toString();

    assertThat(description.length()).isLessThanOrEqualTo(140);
    assertThat(LedgerCodec.readBuild(url, description)).contains(image);
  }

  @Property(tries = 200)
  void deploymentPayload_roundTripsThroughJson(@ForAll("images") ImageReference image,
      @ForAll("prNumbers") int pr, @ForAll("hex40") String sha) {
    DeploymentTarget target = DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), pr);
    CommitSha commit = CommitSha.parse(sha);
    Map<String, String> vars = Map.of("PR_NUMBER", Integer.toString(pr));
    com.fasterxml.jackson.databind.node.ObjectNode deployment = JSON.createObjectNode();
    deployment.set("payload", JSON.valueToTree(LedgerCodec.payload(target, commit, image, vars)));

    assertThat(LedgerCodec.read(deployment)).contains(
        new LedgerCodec.Deployed(target, commit, image, vars));
  }

  @Provide
  Arbitrary<ImageReference> images() {
    Arbitrary<String> registry = Arbitraries.of("ghcr.io", "docker.io", "localhost:5000",
        "444444444444.dkr.ecr.us-east-1.amazonaws.com", "127.0.0.1:35731", "[::1]:5000");
    Arbitrary<String> component = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> repository = component.list().ofMinSize(1).ofMaxSize(3)
        .map(parts -> String.join("/", parts));
    Arbitrary<String> tag = Arbitraries.strings().withChars(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-").ofMinLength(0)
        .ofMaxLength(60).filter(t -> t.isEmpty() || Tag.tryParse(t).isPresent());
    Arbitrary<Digest> digest = hex(64).map(h -> Digest.parse("sha256:" + h));
    return Combinators.combine(registry, repository, tag, digest).as((r, p, t, d) -> {
      ImageReference ref = ImageReference.of(r, p).withDigest(d);
      return t.isEmpty() ? ref : ref.withTag(Tag.parse(t));
    });
  }

  @Provide
  Arbitrary<Integer> prNumbers() {
    return Arbitraries.integers().between(1, Integer.MAX_VALUE);
  }

  @Provide
  Arbitrary<String> hex40() {
    return hex(40);
  }

  private static Arbitrary<String> hex(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length / 2)
        .map(b -> HexFormat.of().formatHex(b));
  }
}
