package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.testkit.servers.LoopbackHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClientsTest {
  private LoopbackHttpServer server;
  private final List<String> upgradeHeaders = new CopyOnWriteArrayList<>();
  private URI uri;

  @BeforeEach
  void start() {
    server =
        LoopbackHttpServer.start(
            exchange -> {
              List<String> up = exchange.getRequestHeaders().get("Upgrade");
              upgradeHeaders.add(up == null ? "" : String.join(",", up));
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });
    uri = server.uri().resolve("/v2/");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void forUri_plainHttp_isHttp11WithoutAnH2cUpgradeOffer() throws Exception {
    try (HttpClients clients = HttpClients.owned(Duration.ofSeconds(5))) {
      HttpResponse<Void> r =
          clients
              .forUri(uri)
              .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(upgradeHeaders).containsExactly("");
    }
  }

  @Test
  void forUri_https_getsItsOwnClientWithTheJdkDefaults() throws Exception {
    try (HttpClients clients = HttpClients.owned(Duration.ofSeconds(5))) {
      HttpClient tls = clients.forUri(URI.create("https://registry.example/v2/"));
      HttpClient plain = clients.forUri(uri);

      assertThat(tls).isNotSameAs(plain);
      assertThat(tls.sslContext()).isSameAs(SSLContext.getDefault());
      assertThat(tls.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(clients.forUri(URI.create("HTTPS://other.example/"))).isSameAs(tls);
    }
  }

  @Test
  void close_stopsEveryThreadTheClientsStarted() throws Exception {
    HttpClients clients = HttpClients.owned(Duration.ofSeconds(5));
    clients
        .forUri(uri)
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    ThreadGroup group = clients.threadGroup();
    assertThat(liveThreads(group)).isNotEmpty();

    clients.close();

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!liveThreads(group).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(liveThreads(group)).isEmpty();
    assertThatThrownBy(() -> clients.forUri(URI.create("https://registry.example/")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void given_isUsedForBothSchemes_andLeftOpenOnClose() throws Exception {
    HttpClient mine = HttpClient.newHttpClient();
    HttpClients clients = HttpClients.of(mine);

    assertThat(clients.forUri(uri)).isSameAs(mine);
    assertThat(clients.forUri(URI.create("https://registry.example/"))).isSameAs(mine);
    clients.close();
    assertThat(
            mine.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(200);
  }

  private static List<Thread> liveThreads(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int n = group.enumerate(threads);
    List<Thread> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (threads[i].isAlive()) {
        out.add(threads[i]);
      }
    }
    return out;
  }
}
