package dev.baton.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on plain sockets that answers every request with what a test scripts, byte by
 * byte and with pauses: headers then silence, a trickle, an endless body. {@code
 * com.sun.net.httpserver} cannot misbehave that way.
 */
public final class RawHttpServer implements AutoCloseable {
  /** What to send on one connection, after the request's headers were read. */
  @FunctionalInterface
  public interface Answer {
    /**
     * @param out the connection's output
     * @throws IOException when the client went away
     * @throws InterruptedException when the server is closing
     */
    void send(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Answer answer;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private RawHttpServer(ServerSocket socket, Answer answer) {
    this.socket = socket;
    this.answer = answer;
    this.acceptor = new Thread(this::accept, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * @param answer what every connection gets
   * @return a started server on 127.0.0.1
   */
  public static RawHttpServer start(Answer answer) {
    try {
      return new RawHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@return {@code http://127.0.0.1:<port>/}} */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
  }

  /**
   * @param status the status line's code
   * @param headers header lines, e.g. {@code "Content-Length: 10"}
   * @return the status line and headers, with the blank line that ends them
   */
  public static byte[] head(int status, String... headers) {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private void accept() {
    while (!socket.isClosed()) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException closed) {
        return;
      }
      open.add(s);
      Thread t =
          new Thread(
              () -> {
                try (s) {
                  readHead(s.getInputStream());
                  answer.send(s.getOutputStream());
                  s.getOutputStream().flush();
                } catch (IOException | InterruptedException gone) {
                  // the client hung up, or the server is closing
                }
              },
              "raw-http-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      seen.write(c);
      byte[] b = seen.toByteArray();
      int n = b.length;
      if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
        return;
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
    open.forEach(RawHttpServer::closeQuietly);
    acceptor.interrupt();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
