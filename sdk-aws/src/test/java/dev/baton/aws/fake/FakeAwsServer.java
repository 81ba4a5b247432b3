package dev.baton.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An AWS JSON 1.1 endpoint on 127.0.0.1, as the SDK talks to it: every call is {@code POST /} with
 * {@code X-Amz-Target: <prefix>.<Operation>} and {@code Content-Type: application/x-amz-json-1.1};
 * an error is an HTTP 4xx/5xx with {@code {"__type": "...", "message": "..."}} ("AWS JSON 1.1
 * protocol", Smithy specification). Subclasses answer the operations from real state; tests script
 * errors with {@link #failNext} and read what arrived with {@link #calls()}.
 */
public abstract class FakeAwsServer implements AutoCloseable {
  /** The JSON mapper shared by the fakes. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request as received.
   *
   * @param operation the operation from X-Amz-Target
   * @param body the request document
   * @param nanoTime {@link System#nanoTime()} on arrival
   * @param signed whether it carried a SigV4 Authorization header
   */
  public record Call(String operation, JsonNode body, long nanoTime, boolean signed) {}

  /**
   * A scripted error answer. @param status HTTP status @param type the __type @param message the
   * message
   */
  public record ScriptedError(int status, String type, String message) {}

  /** Thrown by handlers to answer with an AWS error. */
  protected static final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ScriptedError error;

    AwsError(int status, String type, String message) {
      super(type + ": " + message);
      this.error = new ScriptedError(status, type, message);
    }
  }

  private final String targetPrefix;
  private final LoopbackHttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Deque<ScriptedError>> scripted = new HashMap<>();

  /**
   * @param targetPrefix the service's X-Amz-Target prefix, e.g. {@code
   *     AmazonEC2ContainerRegistry_V20150921}
   */
  protected FakeAwsServer(String targetPrefix) {
    this.targetPrefix = targetPrefix;
    this.server = LoopbackHttpServer.start(this::handle);
  }

  /**
   * @return the endpoint to pass to the SDK's {@code endpointOverride}
   */
  public URI endpoint() {
    return URI.create("http://" + server.host());
  }

  /**
   * The next {@code operation} call is answered with this error instead of its work.
   *
   * @param operation e.g. {@code PutImage}
   * @param status the HTTP status, 400 for client errors
   * @param type the {@code __type}
   * @param message the message
   * @return this
   */
  public synchronized FakeAwsServer failNext(
      String operation, int status, String type, String message) {
    scripted
        .computeIfAbsent(operation, o -> new ArrayDeque<>())
        .add(new ScriptedError(status, type, message));
    return this;
  }

  /**
   * @return every call so far, in arrival order
   */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * @param operation an operation name
   * @return the calls of that operation, in order
   */
  public synchronized List<Call> calls(String operation) {
    return calls.stream().filter(c -> c.operation().equals(operation)).toList();
  }

  /** Forgets the calls so far. */
  public synchronized void clearCalls() {
    calls.clear();
  }

  /**
   * Answers one operation.
   *
   * @param operation the operation name
   * @param request the request document
   * @return the response document
   * @throws AwsError to answer with an error
   */
  protected abstract JsonNode answer(String operation, JsonNode request);

  /**
   * @return an empty object node
   */
  protected static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /**
   * @param type the __type
   * @param message the message
   * @return a 400 error to throw
   */
  protected static AwsError clientError(String type, String message) {
    return new AwsError(400, type, message);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] in = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!"POST".equals(exchange.getRequestMethod())
          || target == null
          || !target.startsWith(targetPrefix + ".")) {
        respond(exchange, 400, error("UnknownOperationException", "unexpected " + target));
        return;
      }
      String operation = target.substring(targetPrefix.length() + 1);
      JsonNode body = in.length == 0 ? object() : JSON.readTree(in);
      ScriptedError error;
      synchronized (this) {
        calls.add(
            new Call(
                operation,
                body,
                System.nanoTime(),
                auth != null && auth.startsWith("AWS4-HMAC-SHA256 ")));
        Deque<ScriptedError> queue = scripted.get(operation);
        error = queue == null ? null : queue.poll();
      }
      if (error != null) {
        respond(exchange, error.status(), error(error.type(), error.message()));
        return;
      }
      try {
        JsonNode answer;
        synchronized (this) {
          answer = answer(operation, body);
        }
        respond(exchange, 200, JSON.writeValueAsBytes(answer));
      } catch (AwsError e) {
        respond(exchange, e.error.status(), error(e.error.type(), e.error.message()));
      }
    }
  }

  private static byte[] error(String type, String message) {
    ObjectNode node = object().put("__type", type).put("message", message);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.close();
  }
}
