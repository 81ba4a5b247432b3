package com.example.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.BatonException;
import dev.baton.NotFoundException;
import dev.baton.Plan;
import dev.baton.PolicyViolationException;
import dev.baton.PromotionPipeline;
import dev.baton.Trigger;
import dev.baton.github.GitHubEvent;
import dev.baton.github.GitHubEventResolver;
import dev.baton.github.MalformedPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small platform service: receives GitHub webhooks on {@code POST /webhook}, checks their
 * signature, turns the event into a trigger with {@link GitHubEventResolver}, plans it, answers
 * {@code 202 Accepted} with the plan's JSON, and runs the plan in the background, one run at a time
 * in the order accepted. Built on the JDK's {@link HttpServer}, with no framework.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><td>202</td><td>the plan, as JSON; it runs next</td></tr>
 *   <tr><td>200</td><td>the event starts nothing (a label that does not deploy, a ping...)</td></tr>
 *   <tr><td>400</td><td>no {@code X-GitHub-Event} header, or a payload that is not the event's JSON</td></tr>
 *   <tr><td>401</td><td>no {@code X-Hub-Signature-256}, or not the body's signature</td></tr>
 *   <tr><td>404, 405</td><td>another path, another method</td></tr>
 *   <tr><td>409</td><td>the pipeline refuses: a rebuilt commit, a release tag naming another image (an error), or a policy that gates an environment (the plan, with its gates)</td></tr>
 *   <tr><td>413</td><td>a body over the size cap</td></tr>
 *   <tr><td>422</td><td>nothing to run it on (the commit's build is not in the registry yet...)</td></tr>
 *   <tr><td>502</td><td>a provider failed while planning (registry, GitHub); GitHub may redeliver</td></tr>
 * </table>
 *
 * The webhook secret is only ever used to check signatures: it is not logged and not in any answer.
 */
public final class WebhookServer implements AutoCloseable {
  /** The path webhooks are posted to. */
  public static final String PATH = "/webhook";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(4);
  private final ExecutorService runs = Executors.newSingleThreadExecutor();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final int maxBodyBytes;
  private final WebhookSignature signature;
  private final GitHubEventResolver events;
  private final PromotionPipeline pipeline;

  /**
   * Binds the address; {@link #start()} starts answering.
   *
   * @param address where to listen; port 0 picks a free one
   * @param maxBodyBytes the largest body accepted
   * @param signature checks the {@code X-Hub-Signature-256} header
   * @param events reads webhook payloads into triggers
   * @param pipeline plans and runs them
   * @throws IOException when the address cannot be bound
   */
  public WebhookServer(
      InetSocketAddress address,
      int maxBodyBytes,
      WebhookSignature signature,
      GitHubEventResolver events,
      PromotionPipeline pipeline)
      throws IOException {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.signature = Objects.requireNonNull(signature, "signature");
    this.events = Objects.requireNonNull(events, "events");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.server = HttpServer.create(address, 0);
    server.createContext(PATH, this::handle);
    server.setExecutor(handlers);
  }

  /** {@return starts answering. @return this} */
  public WebhookServer start() {
    server.start();
    LOG.info("listening on {}{} for {}", server.getAddress(), PATH, pipeline.repository());
    return this;
  }

  /** {@return the port the server listens on} */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops accepting requests, gives the requests being answered a second to finish (GitHub shows
   * one cut short as a failed delivery, to redeliver), then waits up to a minute for the accepted
   * runs; a run still going after that is interrupted. Closing again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(1);
    handlers.shutdown();
    runs.shutdown();
    try {
      if (!runs.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.warn("runs still going after a minute; interrupting them");
        runs.shutdownNow();
      }
    } catch (InterruptedException e) {
      runs.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      Response response = respond(exchange);
      byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (response.status() == 405) {
        exchange.getResponseHeaders().set("Allow", "POST");
      }
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      response.then().ifPresent(runs::execute);
    } catch (RuntimeException e) {
      LOG.error("answering {} {} failed", exchange.getRequestMethod(), PATH, e);
      exchange.sendResponseHeaders(500, -1);
    } finally {
      exchange.close();
    }
  }

  /** Decides the answer, and what to run once it is sent. */
  private Response respond(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(PATH)) {
      return Response.error(404, "not found; webhooks go to POST " + PATH);
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return Response.error(405, "webhooks are POSTed");
    }
    Optional<byte[]> body = readBody(exchange);
    if (body.isEmpty()) {
      return Response.error(413, "the body is over " + maxBodyBytes + " bytes");
    }
    if (!signature.verify(
        body.get(), exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER))) {
      // Nothing from an unauthenticated request is logged but where it came from.
      LOG.warn(
          "refused a webhook from {}: missing or wrong {}",
          exchange.getRemoteAddress(),
          WebhookSignature.HEADER);
      return Response.error(401, "missing or wrong " + WebhookSignature.HEADER);
    }
    String name = exchange.getRequestHeaders().getFirst("X-GitHub-Event");
    String delivery = exchange.getRequestHeaders().getFirst("X-GitHub-Delivery");
    if (name == null || name.isBlank()) {
      return Response.error(400, "no X-GitHub-Event header");
    }
    return plan(name, delivery, body.get());
  }

  private Response plan(String name, String delivery, byte[] body) {
    GitHubEvent event;
    try {
      event = events.event(name, body);
    } catch (MalformedPayloadException e) {
      return Response.error(400, e.getMessage());
    } catch (BatonException e) {
      return Response.error(422, e.getMessage());
    }
    Optional<Trigger> trigger = event.trigger();
    if (trigger.isEmpty()) {
      LOG.info("delivery {}: {} starts nothing: {}", delivery, name, event.reason());
      return new Response(
          200, jsonObject("status", "ignored", "reason", event.reason()), Optional.empty());
    }
    Plan plan;
    try {
      plan = pipeline.plan(trigger.get());
    } catch (PolicyViolationException e) {
      LOG.warn("delivery {}: refused: {}", delivery, e.getMessage());
      return Response.error(409, e.getMessage());
    } catch (NotFoundException e) {
      return Response.error(422, e.getMessage());
    } catch (BatonException e) {
      LOG.warn("delivery {}: planning failed: {}", delivery, e.getMessage());
      return Response.error(502, e.getMessage());
    }
    if (plan.isGated()) {
      // A policy refuses an environment (a window, a soak, a quarantine...): running the plan
      // would be refused before its first step, so answer with the plan and its gates instead.
      LOG.warn("delivery {}: refused: {}", delivery, plan.gates().get(0).reason());
      return new Response(409, plan.toJson(), Optional.empty());
    }
    LOG.info(
        "delivery {}: accepted {} with {} step(s)",
        delivery,
        trigger.get().describe(),
        plan.actions().size());
    return new Response(202, plan.toJson(), Optional.of(() -> execute(delivery, plan)));
  }

  private void execute(String delivery, Plan plan) {
    try {
      pipeline.execute(plan);
      LOG.info("delivery {}: done", delivery);
    } catch (BatonException e) {
      // The pipeline's listeners and ledger have the details; running the plan again converges.
      LOG.error("delivery {}: failed: {}", delivery, e.getMessage());
    }
  }

  /** The body, read up to the cap; empty when it is larger. */
  private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null
        && length.chars().allMatch(Character::isDigit)
        && length.length() < 19
        && Long.parseLong(length) > maxBodyBytes) {
      return Optional.empty(); // refused before reading a byte
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      return body.length > maxBodyBytes ? Optional.empty() : Optional.of(body);
    }
  }

  /** A JSON object of string fields. */
  private static String jsonObject(String... namesAndValues) {
    ObjectNode object = JSON.createObjectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      object.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return object.toString();
  }

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param json the body
   * @param then what to run once the answer is sent
   */
  private record Response(int status, String json, Optional<Runnable> then) {
    static Response error(int status, String message) {
      return new Response(status, jsonObject("error", message), Optional.empty());
    }
  }

  @Override
  public String toString() {
    return "WebhookServer[" + server.getAddress() + PATH + ", " + pipeline + "]";
  }
}
