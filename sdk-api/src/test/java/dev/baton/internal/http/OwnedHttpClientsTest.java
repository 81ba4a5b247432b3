package dev.baton.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedHttpClientsTest {
  @Test
  void close_stopsEveryThreadOfTheClientsBuilt() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      OwnedHttpClients owned = new OwnedHttpClients("test-http");
      HttpClient client = owned.build(HttpClient.newBuilder());
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(live(owned.threadGroup())).isNotEmpty();

      owned.close();
      owned.close();

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!live(owned.threadGroup()).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(live(owned.threadGroup())).isEmpty();
      assertThatThrownBy(() -> owned.build(HttpClient.newBuilder()))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      server.stop(0);
    }
  }

  private static List<Thread> live(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int n = group.enumerate(threads);
    List<Thread> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (threads[i].isAlive()) {
        out.add(threads[i]);
      }
    }
    return out;
  }
}
