package dev.baton.oci.support;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reverse proxy on 127.0.0.1 in front of a real registry that records every request it forwards
 * ({@code "GET /v2/team/app/manifests/1.0"}), so tests and the bench count requests the way the
 * research did, and that can answer the next requests itself with a scripted failure (429 with
 * {@code Retry-After}, 503, a dropped connection) before forwarding again.
 */
public final class CountingProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection",
          "date",
          "via",
          "warning");

  private record Fault(int status, Map<String, String> headers, byte[] body) {}

  private final LoopbackHttpServer server;
  private final String upstream;
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<String> requests = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();

  private CountingProxy(String upstream) {
    this.upstream = upstream;
    this.server = LoopbackHttpServer.start(this::handle);
  }

  /**
   * @param upstreamHost {@code 127.0.0.1:port} of the registry
   * @return a started proxy
   */
  public static CountingProxy start(String upstreamHost) {
    return new CountingProxy(upstreamHost);
  }

  /**
   * @return {@code 127.0.0.1:<port>}, to use as the registry in image references
   */
  public String host() {
    return server.host();
  }

  /**
   * @return the requests forwarded or failed since the last {@link #reset()}
   */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the recorded requests. */
  public synchronized void reset() {
    requests.clear();
  }

  /**
   * The next {@code times} requests get {@code status} from the proxy instead of the registry.
   *
   * @param status e.g. 429 or 503; 0 closes the connection with no answer
   * @param retryAfter the {@code Retry-After} value, or null for none
   * @param times how many requests
   */
  public synchronized void failNext(int status, String retryAfter, int times) {
    byte[] err =
        ("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"injected " + status + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        retryAfter == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Retry-After", retryAfter);
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(status, headers, err));
    }
  }

  /**
   * The next request gets this answer from the proxy instead of the registry.
   *
   * @param status the status
   * @param headers the headers
   * @param body the body
   */
  public synchronized void answerNext(int status, Map<String, String> headers, byte[] body) {
    faults.add(new Fault(status, headers, body));
  }

  private void handle(HttpExchange ex) throws IOException {
    String line =
        ex.getRequestMethod()
            + " "
            + ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + ex.getRequestURI().getRawQuery());
    Fault fault;
    synchronized (this) {
      requests.add(line);
      fault = faults.poll();
    }
    byte[] body = ex.getRequestBody().readAllBytes();
    if (fault != null) {
      if (fault.status() == 0) {
        ex.close(); // answer nothing: the client sees the connection close
        return;
      }
      fault.headers().forEach(ex.getResponseHeaders()::set);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(fault.status(), head ? -1 : fault.body().length);
      if (!head) {
        ex.getResponseBody().write(fault.body());
      }
      ex.close();
      return;
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + upstream + ex.getRequestURI().toString()))
            .method(
                ex.getRequestMethod(),
                body.length == 0
                        && !ex.getRequestMethod().equals("PUT")
                        && !ex.getRequestMethod().equals("POST")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
        for (String v : h.getValue()) {
          b.header(h.getKey(), v);
        }
      }
    }
    HttpResponse<byte[]> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
      return;
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
      String name = h.getKey().toLowerCase();
      if (name.equals(":status")
          || (HOP_BY_HOP.contains(name) && !(head && name.equals("content-length")))) {
        continue;
      }
      for (String v : h.getValue()) {
        ex.getResponseHeaders()
            .add(
                h.getKey(),
                name.equals("location") ? v.replace("http://" + upstream, "http://" + host()) : v);
      }
    }
    byte[] out = r.body();
    boolean noBody = head || r.statusCode() == 204 || r.statusCode() == 304 || out.length == 0;
    ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : out.length);
    if (!noBody) {
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.close();
  }
}
