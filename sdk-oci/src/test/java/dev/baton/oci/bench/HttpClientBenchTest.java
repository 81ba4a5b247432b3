package dev.baton.oci.bench;

import static dev.baton.oci.bench.BenchSupport.fmt;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.oci.OciImageRegistry;
import dev.baton.oci.bench.BenchSupport.Measured;
import dev.baton.oci.internal.HttpClients;
import dev.baton.oci.internal.RegistryApi;
import dev.baton.oci.support.ImagePusher;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.LocalRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which HTTP client sends a promotion batch's requests at the least cost: the same request mix (one
 * {@code GET} of the source manifest, then {@code HEAD} and {@code PUT} per tag, one connection
 * kept alive, one request at a time) against Debian's {@code docker-registry} on 127.0.0.1, sent by
 * each client in turn, interleaved round by round so that the machine's load falls on all alike.
 * Printed per promotion (one HEAD + one PUT): wall time and this JVM's CPU time (every thread, so
 * the client's selector and executor threads count), and the ratio of each to the reference
 * measured in the same run: the same requests replayed by one {@code curl} process.
 *
 * <p>Runs only when asked:
 *
 * <pre>
 * ./mvnw -o -q -pl sdk-oci -am test -Dbaton.bench=true -Dtest=HttpClientBenchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * ({@code -Dbench.tags=N} sets the tags per round, default 300.)
 */
@EnabledIfSystemProperty(named = "baton.bench", matches = "true")
class HttpClientBenchTest {
  private static final int TAGS = Integer.getInteger("bench.tags", 300);
  private static final int WARM_UP = 3;
  private static final int ROUNDS = 7;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** One HTTP client behind the three calls a batch makes. */
  interface Driver extends AutoCloseable {
    /** GET, returning the body. */
    byte[] get(URI uri) throws Exception;

    /** HEAD, returning the status. */
    int head(URI uri) throws Exception;

    /** PUT, returning the {@code Docker-Content-Digest} of a 201, else failing. */
    String put(URI uri, String contentType, byte[] body) throws Exception;

    @Override
    default void close() throws IOException {}
  }

  @Test
  void clients() throws Exception {
    try (LocalRegistry registry = LocalRegistry.anonymous()) {
      String repo = "bench/clients";
      ImageReference source = ImageReference.of(registry.host(), repo).withTag(Tag.parse("sha-1"));
      Pushed pushed = ImagePusher.anonymous(registry.host()).pushImage(source, Style.OCI, 3);
      URI base = URI.create("http://" + registry.host() + "/v2/" + repo + "/manifests/");

      Map<String, Supplier<Driver>> drivers = new LinkedHashMap<>();
      drivers.put("java.net.http as Baton builds it", () -> jdk(null));
      drivers.put("java.net.http, direct executor", () -> jdk(Runnable::run));
      drivers.put("HttpURLConnection", UrlConnection::new);
      drivers.put("Apache HttpClient 5.6 classic", Apache::new);
      Map<String, List<Measured>> runs = new LinkedHashMap<>();
      List<Measured> sdk = new ArrayList<>();
      List<Measured> sdkJdk = new ArrayList<>();
      List<Measured> curl = new ArrayList<>();
      int round = 0;
      for (int r = 0; r < WARM_UP + ROUNDS; r++) {
        boolean keep = r >= WARM_UP;
        for (Map.Entry<String, Supplier<Driver>> d : drivers.entrySet()) {
          List<String> tags = tags("c" + ++round);
          Measured m = run(d.getValue(), base, pushed, tags);
          if (keep) {
            runs.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(m);
          }
        }
        Measured s = sdk(source, tags("c" + ++round), false);
        Measured sj = sdk(source, tags("c" + ++round), true);
        List<String> curlTags = tags("c" + ++round);
        Path cfg =
            BenchSupport.curlConfig(
                dir,
                registry.host(),
                repo,
                "sha-1",
                curlTags,
                pushed.mediaType(),
                pushed.manifest());
        Measured c = BenchSupport.curl(cfg, curlTags.size());
        if (keep) {
          sdk.add(s);
          sdkJdk.add(sj);
          curl.add(c);
        }
      }
      Measured ref = BenchSupport.median(curl);
      System.out.println(
          fmt(
              "%nHTTP clients, one request at a time on one kept-alive connection: GET + %d x"
                  + " (HEAD + PUT) against docker-registry 2.8 on 127.0.0.1; median of %d rounds"
                  + " after %d warm-up; per promotion = one HEAD + one PUT; CPU = this JVM's, every"
                  + " thread; load average %s",
              TAGS, ROUNDS, WARM_UP, BenchSupport.loadAverage()));
      System.out.println(
          fmt(
              "%-40s %10s %10s %9s %9s",
              "client", "wall ms/p", "CPU ms/p", "wall/curl", "CPU/curl"));
      runs.forEach((name, list) -> row(name, BenchSupport.median(list), ref));
      row("Baton SDK tag(), java.net.http (before)", BenchSupport.median(sdkJdk), ref);
      row("Baton SDK tag(), BlockingExchange", BenchSupport.median(sdk), ref);
      row("curl -K, one process (reference)", ref, ref);
    }
  }

  private static List<String> tags(String prefix) {
    return IntStream.rangeClosed(1, TAGS).mapToObj(i -> prefix + "-" + i).toList();
  }

  private static void row(String name, Measured m, Measured ref) {
    System.out.println(
        fmt(
            "%-40s %10.3f %10.3f %8.2fx %8.2fx",
            name,
            m.wallMs() / TAGS,
            m.cpuMs() / TAGS,
            (double) m.wallNanos() / ref.wallNanos(),
            (double) m.cpuNanos() / ref.cpuNanos()));
  }

  /** A fresh client sends the batch: GET once, then HEAD and PUT per tag, checking each answer. */
  private static Measured run(Supplier<Driver> make, URI base, Pushed pushed, List<String> tags) {
    return BenchSupport.measure(
        () -> {
          try (Driver d = make.get()) {
            byte[] got = d.get(base.resolve("sha-1"));
            if (!Digest.sha256(got).equals(pushed.digest())) {
              throw new IllegalStateException("GET gave other bytes");
            }
            String expected = pushed.digest().toString();
            for (String tag : tags) {
              URI uri = base.resolve(tag);
              int head = d.head(uri);
              if (head != 404) {
                throw new IllegalStateException("HEAD " + uri + " answered " + head);
              }
              String digest = d.put(uri, pushed.mediaType(), got);
              if (!expected.equals(digest)) {
                throw new IllegalStateException("PUT " + uri + " stored " + digest);
              }
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /**
   * The whole SDK: one resolve, then {@code tag} per tag; with {@code jdkOnly}, every request over
   * {@code java.net.http} as before {@code BlockingExchange}.
   */
  private static Measured sdk(ImageReference source, List<String> tags, boolean jdkOnly) {
    return BenchSupport.measure(
        () -> {
          if (jdkOnly) {
            System.setProperty(HttpClients.TRANSPORT_PROPERTY, HttpClients.JDK_ONLY);
          }
          OciImageRegistry built = OciImageRegistry.builder().build();
          System.clearProperty(HttpClients.TRANSPORT_PROPERTY);
          try (OciImageRegistry oci = built) {
            ResolvedImage image = oci.resolve(source).orElseThrow();
            for (String tag : tags) {
              if (oci.tag(image, Tag.parse(tag)) != TagResult.CREATED) {
                throw new IllegalStateException(tag + " was not created");
              }
            }
          }
        });
  }

  private static Driver jdk(java.util.concurrent.Executor executor) {
    HttpClients owned = executor == null ? HttpClients.owned(Duration.ofSeconds(10)) : null;
    HttpClient client =
        executor == null
            ? owned.forUri(URI.create("http://127.0.0.1/"))
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    return new Driver() {
      @Override
      public byte[] get(URI uri) throws Exception {
        HttpResponse<byte[]> r =
            client.send(
                HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .header("Accept", RegistryApi.ACCEPT)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.body();
      }

      @Override
      public int head(URI uri) throws Exception {
        return client
            .send(
                HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", RegistryApi.ACCEPT)
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
      }

      @Override
      public String put(URI uri, String contentType, byte[] body) throws Exception {
        HttpResponse<byte[]> r =
            client.send(
                HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", contentType)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 201
            ? r.headers().firstValue("Docker-Content-Digest").orElse(null)
            : "status " + r.statusCode();
      }

      @Override
      public void close() {
        if (owned != null) {
          owned.close();
        }
      }
    };
  }

  /** The JDK's HttpURLConnection, which keeps connections alive in its own cache. */
  private static final class UrlConnection implements Driver {
    private static HttpURLConnection open(URI uri, String method) throws IOException {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout((int) TIMEOUT.toMillis());
      c.setReadTimeout((int) TIMEOUT.toMillis());
      c.setInstanceFollowRedirects(false);
      return c;
    }

    private static byte[] body(HttpURLConnection c) throws IOException {
      InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
      if (in == null) {
        return new byte[0];
      }
      try (in) {
        return in.readAllBytes(); // read to the end, so the connection goes back to the cache
      }
    }

    @Override
    public byte[] get(URI uri) throws IOException {
      HttpURLConnection c = open(uri, "GET");
      c.setRequestProperty("Accept", RegistryApi.ACCEPT);
      return body(c);
    }

    @Override
    public int head(URI uri) throws IOException {
      HttpURLConnection c = open(uri, "HEAD");
      c.setRequestProperty("Accept", RegistryApi.ACCEPT);
      int status = c.getResponseCode();
      body(c);
      return status;
    }

    @Override
    public String put(URI uri, String contentType, byte[] bytes) throws IOException {
      HttpURLConnection c = open(uri, "PUT");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(bytes.length);
      c.setRequestProperty("Content-Type", contentType);
      try (OutputStream out = c.getOutputStream()) {
        out.write(bytes);
      }
      int status = c.getResponseCode();
      String digest = c.getHeaderField("Docker-Content-Digest");
      body(c);
      return status == 201 ? digest : "status " + status;
    }
  }

  /** Apache HttpClient 5, classic (blocking) API, pooled connections. */
  private static final class Apache implements Driver {
    private final CloseableHttpClient client =
        org.apache.hc.client5.http.impl.classic.HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().build())
            .disableRedirectHandling()
            .build();

    @Override
    public byte[] get(URI uri) throws IOException {
      HttpGet get = new HttpGet(uri);
      get.setHeader("Accept", RegistryApi.ACCEPT);
      return client.execute(get, r -> EntityUtils.toByteArray(r.getEntity()));
    }

    @Override
    public int head(URI uri) throws IOException {
      HttpHead head = new HttpHead(uri);
      head.setHeader("Accept", RegistryApi.ACCEPT);
      return client.execute(
          head,
          r -> {
            EntityUtils.consume(r.getEntity());
            return r.getCode();
          });
    }

    @Override
    public String put(URI uri, String contentType, byte[] body) throws IOException {
      HttpPut put = new HttpPut(uri);
      put.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
      return client.execute(
          put,
          r -> {
            EntityUtils.consume(r.getEntity());
            return r.getCode() == 201
                ? r.getFirstHeader("Docker-Content-Digest").getValue()
                : "status " + r.getCode();
          });
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }
}
