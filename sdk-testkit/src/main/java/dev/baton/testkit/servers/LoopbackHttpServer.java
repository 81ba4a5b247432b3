package dev.baton.testkit.servers;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@code com.sun.net.httpserver} started on 127.0.0.1 and a free port: the local HTTP
 * peer a test answers from its own handler (a health endpoint, a proxy, a vendor's API stand-in).
 * Each exchange runs on a daemon thread of its own, so a handler that stalls holds up neither the
 * other requests nor {@link #close()}; close the server all the same, since the JDK's dispatcher
 * thread is not a daemon. Loading this class asks the JDK server for {@code TCP_NODELAY}, so that a
 * small answer is not held back by Nagle's algorithm; the JDK reads that setting once, so it takes
 * effect only when no {@code HttpServer} started in the JVM before (set {@code
 * -Dsun.net.httpserver.nodelay=true} to be sure).
 *
 * <pre>{@code
 * try (LoopbackHttpServer server =
 *     LoopbackHttpServer.start(
 *         exchange -> {
 *           exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/health") ? 200 : 404, -1);
 *           exchange.close();
 *         })) {
 *   URI health = server.uri().resolve("/health");
 *   // point the code under test at health
 * }
 * }</pre>
 */
public final class LoopbackHttpServer implements AutoCloseable {
  static {
    // The JDK server writes headers and body in separate segments; without TCP_NODELAY, Nagle's
    // algorithm and the client's delayed ACK hold every small response back by ~40 ms on
    // loopback. The server reads this property once, when its first instance in the JVM starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final AtomicInteger STARTED = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService exchanges;

  private LoopbackHttpServer(HttpServer server, ExecutorService exchanges) {
    this.server = server;
    this.exchanges = exchanges;
  }

  /**
   * Starts a server that answers 404 with no body on every path until {@link #context} gives a path
   * a handler: for a test that sets its handlers up one by one.
   *
   * @return the started server
   * @throws UncheckedIOException when no loopback port could be bound
   */
  public static LoopbackHttpServer start() {
    return start(
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
  }

  /**
   * Starts a server that answers every path with {@code handler}.
   *
   * @param handler what answers; it must send a response and close the exchange
   * @return the started server
   * @throws UncheckedIOException when no loopback port could be bound
   */
  public static LoopbackHttpServer start(HttpHandler handler) {
    String name = "loopback-http-" + STARTED.incrementAndGet();
    ExecutorService exchanges =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(exchanges);
      server.createContext("/", handler);
      server.start();
      return new LoopbackHttpServer(server, exchanges);
    } catch (IOException e) {
      exchanges.shutdownNow();
      throw new UncheckedIOException("no loopback port for a test HTTP server", e);
    }
  }

  /**
   * Answers the paths under {@code path} with {@code handler} instead of the one given at start
   * (the longest matching path wins, as in {@code HttpServer}).
   *
   * @param path a path prefix, starting with {@code /}
   * @param handler what answers there
   * @return this
   */
  public LoopbackHttpServer context(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  /** {@return the port it listens on} */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@return {@code 127.0.0.1:<port>}, as an image reference's registry names it} */
  public String host() {
    return "127.0.0.1:" + port();
  }

  /** {@return {@code http://127.0.0.1:<port>/}} */
  public URI uri() {
    return URI.create("http://" + host() + "/");
  }

  /** Stops listening at once and interrupts the exchanges still running. */
  @Override
  public void close() {
    server.stop(0);
    exchanges.shutdownNow();
  }
}
