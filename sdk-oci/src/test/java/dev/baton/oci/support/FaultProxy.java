package dev.baton.oci.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 proxy on plain sockets in front of a real registry, which forwards every request
 * unchanged (one request per connection) unless a fault is queued for it. Faults are what a broken
 * registry or network does, down to the byte: hang before answering, stall after the headers,
 * trickle the body, send an endless or oversized body, reset the connection, answer 5xx or 429 with
 * {@code Retry-After}, or echo the request's {@code Authorization} header in an error body.
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does to a request instead of forwarding it plainly. */
  public enum Kind {
    /** Reads the request and never answers. */
    HANG,
    /** Forwards, sends the registry's status and headers, then nothing more. */
    STALL_AFTER_HEADERS,
    /** Forwards, sends the headers, then the body one byte every 200 ms. */
    TRICKLE,
    /** A 200 manifest answer whose chunked body never ends. */
    ENDLESS_BODY,
    /** A 200 manifest answer with {@code Content-Length} of 8 MiB, and the bytes. */
    OVERSIZED_BODY,
    /** Closes the connection with a TCP reset, answering nothing. */
    RESET,
    /** Answers {@code status} (with {@code Retry-After} when given) and a distribution error. */
    STATUS,
    /**
     * Answers {@code status} with an error body quoting the request's {@code Authorization}; only
     * taken by a request that carries one.
     */
    ECHO_AUTHORIZATION
  }

  /**
   * One fault.
   *
   * @param kind what to do
   * @param status the status for {@link Kind#STATUS} and {@link Kind#ECHO_AUTHORIZATION}
   * @param retryAfter the {@code Retry-After} value for {@link Kind#STATUS}, or null
   */
  public record Fault(Kind kind, int status, String retryAfter) {
    /**
     * @param kind a fault that needs no status
     * @return it
     */
    public static Fault of(Kind kind) {
      return new Fault(kind, 0, null);
    }
  }

  private static final long OVERSIZE = 8L << 20;

  private final ServerSocket server;
  private final int upstreamPort;
  private final Deque<Fault> next = new ArrayDeque<>();
  private final List<String> requests = new ArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private Fault always;
  private volatile boolean closed;

  private FaultProxy(ServerSocket server, int upstreamPort) {
    this.server = server;
    this.upstreamPort = upstreamPort;
    Thread acceptor = new Thread(this::accept, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * @param upstreamPort the registry's port on 127.0.0.1
   * @return a started proxy on 127.0.0.1
   */
  public static FaultProxy start(int upstreamPort) {
    try {
      return new FaultProxy(
          new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), upstreamPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@return {@code 127.0.0.1:<port>}, the registry part of image references} */
  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /**
   * @param fault what the next request gets
   * @param times for how many requests
   * @return this
   */
  public synchronized FaultProxy next(Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      next.add(fault);
    }
    return this;
  }

  /**
   * @param fault what every request gets from now on, or null to forward again
   * @return this
   */
  public synchronized FaultProxy always(Fault fault) {
    this.always = fault;
    return this;
  }

  /** {@return the request lines seen, {@code "GET /v2/…"}, oldest first} */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests seen and every fault queued. */
  public synchronized void reset() {
    requests.clear();
    next.clear();
    always = null;
  }

  private synchronized Fault take(Request request) {
    requests.add(request.method() + " " + request.target());
    if (always != null) {
      return always;
    }
    Fault f = next.peek();
    if (f == null || (f.kind() == Kind.ECHO_AUTHORIZATION && request.authorization() == null)) {
      return null;
    }
    return next.poll();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      Request request = Request.read(client.getInputStream());
      if (request == null) {
        return;
      }
      Fault fault = take(request);
      OutputStream out = client.getOutputStream();
      if (fault == null) {
        forward(request, client, null);
        return;
      }
      switch (fault.kind()) {
        case HANG -> awaitHangUp(client);
        case RESET -> {
          client.setSoLinger(true, 0);
          client.close();
        }
        case STATUS -> answer(out, fault.status(), fault.retryAfter(), error("injected"));
        case ECHO_AUTHORIZATION ->
            answer(
                out,
                fault.status(),
                null,
                error("bad request: Authorization: " + request.authorization()));
        case ENDLESS_BODY -> {
          out.write(head(200, "Content-Type: " + manifestType(), "Transfer-Encoding: chunked"));
          byte[] chunk = ("1000\r\n" + " ".repeat(4096) + "\r\n").getBytes(StandardCharsets.UTF_8);
          while (!closed) {
            out.write(chunk);
          }
        }
        case OVERSIZED_BODY -> {
          out.write(head(200, "Content-Type: " + manifestType(), "Content-Length: " + OVERSIZE));
          byte[] chunk = new byte[64 * 1024];
          for (long sent = 0; sent < OVERSIZE && !closed; sent += chunk.length) {
            out.write(chunk);
          }
        }
        case STALL_AFTER_HEADERS, TRICKLE -> forward(request, client, fault.kind());
      }
    } catch (IOException | InterruptedException gone) {
      // the client hung up (as a client with a deadline does), or the proxy is closing
    } finally {
      open.remove(client);
    }
  }

  /** Sends the request to the registry and its answer back, as the fault says. */
  private void forward(Request request, Socket client, Kind fault)
      throws IOException, InterruptedException {
    OutputStream out = client.getOutputStream();
    try (Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), upstreamPort)) {
      open.add(upstream);
      upstream.getOutputStream().write(request.forwarded());
      upstream.getOutputStream().flush();
      InputStream in = upstream.getInputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      StringBuilder b = new StringBuilder(head.get(0)).append("\r\n");
      for (String h : head.subList(1, head.size())) {
        if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          b.append(h).append("\r\n");
        }
      }
      out.write(b.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (fault == Kind.STALL_AFTER_HEADERS) {
        awaitHangUp(client);
        return;
      }
      int c;
      while ((c = in.read()) >= 0) {
        out.write(c);
        if (fault == Kind.TRICKLE) {
          out.flush();
          Thread.sleep(200);
        }
      }
      out.flush();
    }
  }

  /** Holds the connection until the client gives up on it. */
  private static void awaitHangUp(Socket client) throws IOException {
    while (client.getInputStream().read() >= 0) {
      // discard
    }
  }

  private static void answer(OutputStream out, int status, String retryAfter, byte[] body)
      throws IOException {
    List<String> headers = new ArrayList<>();
    headers.add("Content-Type: application/json");
    headers.add("Content-Length: " + body.length);
    if (retryAfter != null) {
      headers.add("Retry-After: " + retryAfter);
    }
    out.write(head(status, headers.toArray(String[]::new)));
    out.write(body);
    out.flush();
  }

  private static byte[] error(String message) {
    return ("{\"errors\":[{\"code\":\"INJECTED\",\"message\":\"" + message + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String manifestType() {
    return "application/vnd.oci.image.manifest.v1+json";
  }

  private static byte[] head(int status, String... headers) {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" Injected\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The lines of a message's head, up to the blank line; empty at end of stream. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
        line.reset();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.write(c);
      }
    }
    return List.of();
  }

  /** A request as read from the client. */
  private record Request(
      String method, String target, List<String> headers, String authorization, byte[] body) {
    static Request read(InputStream in) throws IOException {
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return null;
      }
      String[] line = head.get(0).split(" ");
      long length = 0;
      String authorization = null;
      for (String h : head.subList(1, head.size())) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(h.substring(h.indexOf(':') + 1).strip());
        } else if (lower.startsWith("authorization:")) {
          authorization = h.substring(h.indexOf(':') + 1).strip();
        } else if (lower.startsWith("transfer-encoding:")) {
          throw new IOException("chunked requests are not forwarded: " + h);
        }
      }
      return new Request(
          line[0],
          line[1],
          head.subList(1, head.size()),
          authorization,
          in.readNBytes((int) length));
    }

    /** The request as sent on: one request per connection. */
    byte[] forwarded() {
      StringBuilder b =
          new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      for (String h : headers) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("connection:") && !lower.startsWith("upgrade:")) {
          b.append(h).append("\r\n");
        }
      }
      b.append("Connection: close\r\n\r\n");
      byte[] headBytes = b.toString().getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[headBytes.length + body.length];
      System.arraycopy(headBytes, 0, all, 0, headBytes.length);
      System.arraycopy(body, 0, all, headBytes.length, body.length);
      return all;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
