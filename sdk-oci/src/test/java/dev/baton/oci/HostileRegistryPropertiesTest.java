package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.BatonException;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.internal.Manifest;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.testkit.HostileInputProperties;
import dev.baton.testkit.HostileInputs;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever a registry answers (a manifest, a token server's answer, a {@code WWW-Authenticate}
 * challenge, an error body, a {@code Content-Type}), {@link OciImageRegistry} resolves and tags or
 * throws a {@link BatonException}: never an exception of the JDK escaping from a field read the
 * wrong way, and never work out of proportion to the answer. A loopback server answers each example
 * with hostile bytes made by {@link HostileInputs} from valid manifests, indexes, tokens and error
 * bodies, up to 3 MiB (under the 4 MiB manifest limit) and 5 MiB (over it).
 *
 * <p>It caught a token server's {@code expires_in} of {@code 1e400} (or any number of seconds past
 * the last instant Java knows) overflowing the token's expiry: a DateTimeException or
 * ArithmeticException escaped where a token should simply be kept no longer than a day; and a token
 * holding a line break, which the JDK refuses as an {@code Authorization} header with an
 * IllegalArgumentException. It would catch {@link Manifest} throwing anything but the
 * IllegalArgumentException it documents.
 */
@HostileInputProperties
class HostileRegistryPropertiesTest {
  static final String OCI = "application/vnd.oci.image.manifest.v1+json";
  static final String D = "sha256:" + "a".repeat(64);
  static final List<String> BODIES =
      List.of(
          "{\"schemaVersion\":2,\"mediaType\":\""
              + OCI
              + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\""
              + D
              + "\",\"size\":2},\"layers\":[{\"mediaType\":"
              + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
              + D
              + "\",\"size\":32,\"urls\":[\"https://x\"],\"annotations\":{\"a\":\"b\"}}]}",
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
              + "\"manifests\":[{\"mediaType\":\""
              + OCI
              + "\",\"digest\":\""
              + D
              + "\",\"size\":9,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\","
              + "\"variant\":\"v8\"}},{\"mediaType\":\""
              + OCI
              + "\",\"digest\":\""
              + D
              + "\",\"size\":9,\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"},"
              + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}",
          "{\"schemaVersion\":2,\"mediaType\":"
              + "\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[]}",
          "{\"token\":\"abc.def\",\"access_token\":\"abc.def\",\"expires_in\":300,"
              + "\"issued_at\":\"2026-01-01T00:00:00Z\"}",
          "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\","
              + "\"detail\":[{\"Type\":\"repository\",\"Name\":\"app\",\"Action\":\"pull\"}]}]}");
  static final List<String> CONTENT_TYPES =
      List.of(
          OCI,
          "application/vnd.oci.image.index.v1+json; charset=utf-8",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/json",
          "text/html",
          "",
          ";;;");

  static LoopbackHttpServer server;
  static volatile Answer answer;
  static String host;

  /** What the server answers for one example. */
  record Answer(int scenario, byte[] body, String contentType, String challenge) {}

  final HostileInputs inputs =
      HostileInputs.of(BODIES.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList());

  @BeforeAll
  static void start() {
    server = LoopbackHttpServer.start(HostileRegistryPropertiesTest::handle);
    host = server.host();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Scenarios: 0, the manifest is the hostile body; 1, a Bearer challenge whose token server
   * answers the hostile body; 2, a hostile challenge (printable bytes of the input); 3, an error
   * status with the hostile body.
   */
  private static void handle(HttpExchange x) throws IOException {
    Answer a = answer;
    String path = x.getRequestURI().getPath();
    boolean authorised = x.getRequestHeaders().containsKey("Authorization");
    byte[] body = new byte[0];
    int status = 404;
    if (path.equals("/token")) {
      status = 200;
      body = a.body();
    } else if (x.getRequestMethod().equals("PUT")) {
      status = 201;
    } else if (path.startsWith("/v2/")) {
      if (a.scenario() == 1 && !authorised) {
        status = 401;
        x.getResponseHeaders()
            .add(
                "WWW-Authenticate",
                "Bearer realm=\"http://" + host + "/token\",service=\"s\",scope=\"x\"");
      } else if (a.scenario() == 2 && !authorised) {
        status = 401;
        x.getResponseHeaders().add("WWW-Authenticate", a.challenge());
      } else if (a.scenario() == 3) {
        status = 400 + Math.floorMod(a.body().length, 200);
        body = a.body();
      } else {
        status = 200;
        body = a.scenario() == 0 ? a.body() : BODIES.get(0).getBytes(StandardCharsets.UTF_8);
      }
      if (!a.contentType().isEmpty()) {
        x.getResponseHeaders().add("Content-Type", a.contentType());
      }
    }
    boolean none = x.getRequestMethod().equals("HEAD") || body.length == 0;
    x.sendResponseHeaders(status, none ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      if (!none) {
        out.write(body);
      }
    }
  }

  @Test
  void anyAnswer_resolvesAndTagsOrThrowsABatonException() {
    ImageReference ref = ImageReference.parse(host + "/app:v1");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    qt().withExamples(80)
        .forAll(
            arbitrary().pick(HostileInputs.MOSTLY_SMALL),
            longs().all(),
            integers().between(0, 3),
            arbitrary().pick(CONTENT_TYPES))
        .checkAssert(
            (kind, seed, scenario, contentType) -> {
              Consumer<byte[]> check =
                  body -> {
                    answer = new Answer(scenario, body, contentType, printable(body));
                    // A registry of its own for each answer: no challenge or token carried over.
                    OciImageRegistry registry =
                        OciImageRegistry.builder()
                            .httpClient(client)
                            .credentials(
                                CredentialsProvider.of(host, RegistryCredentials.of("u", "p")))
                            .maxAttempts(1)
                            .requestTimeout(Duration.ofSeconds(5))
                            .readTimeout(Duration.ofSeconds(5))
                            .build();
                    HostileInputs.checkWork(
                        kind + " answer in scenario " + scenario,
                        body.length,
                        64,
                        () -> use(registry, ref));
                  };
              if (scenario == 1 && seed % 3 == 0) {
                check.accept(token(seed));
              } else {
                inputs.largeBytes(seed % 2 == 0 ? 1 << 20 : (4 << 20) + 1).check(kind, seed, check);
              }
            });
  }

  /** Resolves and, when found, tags: what promote does with a registry's answers. */
  private static void use(OciImageRegistry registry, ImageReference ref) {
    try {
      Optional<ResolvedImage> image = registry.resolve(ref);
      if (image.isPresent()) {
        registry.tag(image.get(), Tag.parse("v2"), TagPolicy.ALLOW_MOVE);
      }
    } catch (BatonException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void anyManifestBytes_parseOrThrowIllegalArgument_asDocumented() {
    qt().withExamples(200)
        .forAll(arbitrary().pick(HostileInputs.MOSTLY_SMALL), longs().all())
        .checkAssert((kind, seed) -> inputs.check(kind, seed, b -> parseManifest(b)));
  }

  private static void parseManifest(byte[] bytes) {
    try {
      Manifest m = Manifest.parse(bytes);
      m.mediaTypeField();
      m.schemaVersion();
      m.blobs();
      m.platforms();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /**
   * A token server's answer built field by field: a token that may hold a line break or a space,
   * and an {@code expires_in} anywhere from a large negative to a number beyond any long.
   */
  private static byte[] token(long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    String[] tokens = {"abc.def", "a\\nb", "a b", "\\u00e9", "", "a\\r\\nX-Injected: 1"};
    String[] expiry = {
      Long.toString(r.nextLong()),
      Long.toString(r.nextLong(100_000)),
      "1e" + r.nextInt(400),
      "-1e" + r.nextInt(400),
      Long.MAX_VALUE + "0",
      "\"" + r.nextLong() + "\"",
      "null"
    };
    return ("{\"token\":\""
            + tokens[r.nextInt(tokens.length)]
            + "\",\"expires_in\":"
            + expiry[r.nextInt(expiry.length)]
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A header value from the input: its printable ASCII, at most 8 KiB. */
  private static String printable(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < b.length && s.length() < 8192; i++) {
      if (b[i] >= 0x20 && b[i] < 0x7f) {
        s.append((char) b[i]);
      }
    }
    return s.toString().strip();
  }
}
