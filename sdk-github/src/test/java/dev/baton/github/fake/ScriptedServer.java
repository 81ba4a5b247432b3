package dev.baton.github.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loopback HTTP server that answers each request with the next scripted response, in order, and
 * records what it was asked (in the manner of OkHttp's MockWebServer). An unscripted request goes
 * to the fallback: by default a 599 so the test fails loudly; {@link FakeGitHub} serves its API
 * there, so that scripted responses stand in for the next requests it would have served.
 */
public final class ScriptedServer implements AutoCloseable {
  /** One recorded request. */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    /**
     * @param name a header name, lower case @return its value or null
     */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** One scripted response. */
  public record Response(int status, Map<String, String> headers, String body) {
    /**
     * @param name header @param value its value @return a copy with the header
     */
    public Response header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body);
    }
  }

  /** A scripted header, never sent, that makes the server misbehave after the headers. */
  private static final String FAULT = "X-Scripted-Fault";

  /**
   * @return a 200 whose body starts, then stops until the client hangs up
   */
  public static Response stallingAfterHeaders() {
    return new Response(200, Map.of(FAULT, "stall"), "{\"id\":");
  }

  /**
   * @return a 200 whose body never ends
   */
  public static Response endlessBody() {
    return new Response(200, Map.of(FAULT, "endless"), "[");
  }

  private final LoopbackHttpServer server;
  private final Deque<Response> script = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();
  private final Function<Request, Response> fallback;

  /** Starts on 127.0.0.1 at a free port. */
  public ScriptedServer() {
    this(request -> json(599, "{\"message\":\"unscripted request\"}"));
  }

  /**
   * Starts on 127.0.0.1 at a free port.
   *
   * @param fallback answers a request when nothing is scripted; called outside this server's lock
   */
  public ScriptedServer(Function<Request, Response> fallback) {
    this.fallback = fallback;
    // Handlers on threads of their own, so a stalling one never holds up the others or close().
    server = LoopbackHttpServer.start(this::handle);
  }

  /**
   * @param status code @param body JSON text @return a response with a JSON content type
   */
  public static Response json(int status, String body) {
    return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
  }

  /**
   * @param response the next answer
   * @return this
   */
  public synchronized ScriptedServer enqueue(Response response) {
    script.add(response);
    return this;
  }

  /** The base URI, with an optional path prefix such as {@code /api/v3}. */
  public URI uri(String prefix) {
    return URI.create("http://" + server.host() + prefix);
  }

  /** Every request so far, in order. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()),
            headers,
            body);
    Response scripted;
    synchronized (this) {
      requests.add(request);
      scripted = script.poll();
    }
    Response r = scripted != null ? scripted : fallback.apply(request);
    if (r.headers().containsKey(FAULT)) {
      misbehave(exchange, r);
      return;
    }
    r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void misbehave(HttpExchange exchange, Response r) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(r.status(), 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(r.body().getBytes(StandardCharsets.UTF_8));
      out.flush();
      byte[] more = "{},".repeat(1024).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 600; i++) { // at most a minute, then the handler gives up
        if (r.headers().get(FAULT).equals("endless")) {
          out.write(more);
        } else {
          Thread.sleep(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
