package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.Environments;
import dev.baton.testkit.HostileInputProperties;
import dev.baton.testkit.HostileInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever bytes arrive as a webhook payload, the event resolver answers with an event or a {@link
 * BatonException} (a malformed payload, a release tag that is no image tag, a tag that does not
 * resolve): never a NullPointerException, a ClassCastException, an ArithmeticException or a
 * StackOverflowError from some field read the wrong way, and never work out of proportion to the
 * payload. Inputs are random bytes, GitHub's own example payloads with values swapped for other
 * types, bytes flipped and spans cut, and payloads of 3 MiB: nested 1.5 million deep, one value 3
 * MiB long, an example repeated.
 *
 * <p>It would catch, for instance, a {@code pull_request.labels} entry read with {@code asText()}
 * on a non-object, a number read with {@code intValue()} that wraps, or a payload nested deeper
 * than the stack (Jackson's nesting limit must become a {@link MalformedPayloadException}).
 */
@HostileInputProperties
class HostilePayloadPropertiesTest {
  static final List<String> EVENTS =
      List.of("pull_request", "pull_request_target", "push", "release", "workflow_run");

  final GitHubEventResolver resolver =
      GitHubEventResolver.builder(Environments.standard())
          .releaseSource(new TagTable().tag("0.0.1", GitHubEventResolverTest.TAGGED))
          .build();
  final HostileInputs inputs =
      HostileInputs.of(Webhooks.all().stream().map(Webhooks::bytes).toList());

  @Test
  void anyPayload_isAnEventOrABatonException_withBoundedWork() {
    qt().withExamples(120)
        .forAll(
            arbitrary().pick(HostileInputs.MOSTLY_SMALL),
            longs().all(),
            arbitrary().pick(EVENTS),
            booleans().all())
        .checkAssert(
            (kind, seed, event, withSha) -> {
              CommitSha sha = withSha ? GitHubEventResolverTest.WORKFLOW_SHA : null;
              inputs.check(
                  kind,
                  seed,
                  payload ->
                      HostileInputs.checkWork(
                          kind + " " + event + " payload",
                          payload.length,
                          64,
                          () -> read(event, payload, sha)));
            });
  }

  private void read(String event, byte[] payload, CommitSha sha) {
    try {
      resolver.resolve(resolver.event(event, payload, sha));
    } catch (BatonException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void anyPayloadFile_isReadWithinItsLimit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("event.json");
    for (HostileInputs.Kind kind : HostileInputs.Kind.values()) {
      Files.write(file, inputs.make(kind, kind.ordinal()));
      try {
        resolver.event("push", file);
      } catch (BatonException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
