package dev.baton.internal.http;

import dev.baton.internal.DaemonTimer;
import dev.baton.internal.TooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Response bodies read within a size and a time limit. A request's {@code timeout} in {@code
 * java.net.http} only covers the wait for the response's headers: a server that sends headers and
 * then stalls, trickles a byte at a time or never ends its body would hold the caller forever, or
 * fill its memory. The handlers here fail such a body instead:
 *
 * <ul>
 *   <li>past its deadline, measured from the moment the headers arrived, with a {@link
 *       DeadlineException} (the connection is dropped, so the caller is released at once);
 *   <li>past its size limit, with a {@link TooLargeException}, before more than the limit is held
 *       (at once when {@code Content-Length} already says so). An error body (a status other than
 *       2xx) is cut to its own smaller limit instead, since only its start is ever shown.
 * </ul>
 *
 * <p>The client's {@code send} throws an {@link IOException} whose cause is one of these; {@link
 * #limitIn(Throwable)} finds it. The deadlines run on one shared daemon timer thread.
 */
public final class BoundedBodies {
  private BoundedBodies() {}

  private static final String WHAT = "the response body";

  /**
   * The most bytes of an error body (any status but 2xx) kept: 64 KiB, plenty for a registry's or
   * an API's error document; only its start is ever quoted.
   */
  public static final int ERROR_BODY_BYTES = 64 * 1024;

  /** Failing past this many bytes; used where a body has no known size. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** A body that did not arrive whole before its deadline. */
  public static final class DeadlineException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The deadline that passed. */
    private final Duration limit;

    /**
     * @param limit the deadline that passed
     */
    public DeadlineException(Duration limit) {
      super("the response body did not arrive whole within " + limit);
      this.limit = limit;
    }

    /** {@return the deadline that passed} */
    public Duration limit() {
      return limit;
    }
  }

  /**
   * The whole body as bytes.
   *
   * @param limit the most bytes of a 2xx body; more fails with {@link TooLargeException}
   * @param errorLimit the most bytes kept of any other body; the rest is dropped, without error
   * @param deadline how long the body may take once the headers are in
   * @return the handler
   */
  public static BodyHandler<byte[]> bytes(long limit, long errorLimit, Duration deadline) {
    return info -> {
      boolean ok = info.statusCode() / 100 == 2;
      return new Bounded(ok ? limit : errorLimit, !ok, true, contentLength(info), deadline);
    };
  }

  /**
   * The body read to its end and dropped; only the status and headers are kept.
   *
   * @param deadline how long the body may take once the headers are in
   * @return the handler
   */
  public static BodyHandler<Void> discarding(Duration deadline) {
    return info ->
        BodySubscribers.mapping(
            new Bounded(UNLIMITED, false, false, OptionalLong.empty(), deadline), bytes -> null);
  }

  /**
   * The body as a stream for the caller to read and close. The stream fails with {@link
   * DeadlineException} once the deadline has passed, even while a read is blocked, and with {@link
   * TooLargeException} past the limit.
   *
   * @param limit the most bytes the stream may give
   * @param deadline how long the body may take once the headers are in
   * @return the handler
   */
  public static BodyHandler<InputStream> stream(long limit, Duration deadline) {
    return info ->
        BodySubscribers.mapping(
            BodySubscribers.ofInputStream(), in -> new BoundedStream(in, limit, deadline));
  }

  /**
   * @param failure what a client's {@code send} threw, or anything else
   * @return the {@link DeadlineException} or {@link TooLargeException} in its causes, if any
   */
  public static Optional<IOException> limitIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeadlineException || t instanceof TooLargeException) {
        return Optional.of((IOException) t);
      }
    }
    return Optional.empty();
  }

  private static OptionalLong contentLength(ResponseInfo info) {
    return info.headers().firstValueAsLong("Content-Length");
  }

  /** The timer thread, created on first use. */
  private static final class Timer {
    static final ScheduledExecutorService INSTANCE = DaemonTimer.create("baton-http-deadlines");

    static ScheduledFuture<?> after(Duration delay, Runnable task) {
      return INSTANCE.schedule(task, Math.max(1, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
  }

  /** Collects (or counts) a body within its limits. */
  private static final class Bounded implements BodySubscriber<byte[]> {
    private final long limit;
    private final boolean truncate;
    private final boolean keep;
    private final OptionalLong declared;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ScheduledFuture<?> timeout;
    private volatile Flow.Subscription subscription;
    private long count;

    Bounded(long limit, boolean truncate, boolean keep, OptionalLong declared, Duration deadline) {
      this.limit = limit;
      this.truncate = truncate;
      this.keep = keep;
      this.declared = declared;
      this.timeout = Timer.after(deadline, () -> fail(new DeadlineException(deadline)));
      body.whenComplete((b, e) -> timeout.cancel(false));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (body.isDone()) {
        s.cancel();
      } else if (!truncate && declared.isPresent() && declared.getAsLong() > limit) {
        fail(new TooLargeException(WHAT + " (Content-Length " + declared.getAsLong() + ")", limit));
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if (count + n > limit) {
          if (!truncate) {
            fail(new TooLargeException(WHAT, limit));
            return;
          }
          take(b, (int) (limit - count));
          body.complete(bytes.toByteArray());
          subscription.cancel();
          return;
        }
        take(b, n);
      }
    }

    private void take(ByteBuffer b, int n) {
      count += n;
      if (keep) {
        byte[] chunk = new byte[n];
        b.get(chunk);
        bytes.write(chunk, 0, n);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(keep ? bytes.toByteArray() : new byte[0]);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    private void fail(IOException e) {
      if (body.completeExceptionally(e)) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }
  }

  /** A body stream with a size limit and a deadline that also ends a blocked read. */
  private static final class BoundedStream extends FilterInputStream {
    private final long limit;
    private final Duration deadline;
    private final ScheduledFuture<?> timeout;
    private volatile boolean expired;
    private long count;

    BoundedStream(InputStream in, long limit, Duration deadline) {
      super(in);
      this.limit = limit;
      this.deadline = deadline;
      this.timeout =
          Timer.after(
              deadline,
              () -> {
                expired = true;
                closeQuietly(in);
              });
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        check();
        throw e;
      }
      check();
      if (n > 0) {
        count += n;
        if (count > limit) {
          close();
          throw new TooLargeException(WHAT, limit);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
      int read = read(buffer, 0, buffer.length);
      return Math.max(0, read);
    }

    @Override
    public void close() throws IOException {
      timeout.cancel(false);
      super.close();
    }

    private void check() throws DeadlineException {
      if (expired) {
        throw new DeadlineException(deadline);
      }
    }

    private static void closeQuietly(InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing only unblocks the reader; the deadline is what it is told
      }
    }
  }
}
