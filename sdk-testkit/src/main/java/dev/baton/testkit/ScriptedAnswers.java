package dev.baton.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a fake that answers at once was asked, and the answers queued for its next requests: each
 * queued answer serves one request, in order, after which the fake's standing answer applies.
 *
 * @param <Q> the requests
 * @param <A> the answers
 */
final class ScriptedAnswers<Q, A> {
  private final Deque<A> queued = new ArrayDeque<>();
  private final List<Q> requests = new ArrayList<>();

  synchronized void queue(A answer) {
    queued.add(answer);
  }

  synchronized void record(Q request) {
    requests.add(request);
  }

  /** The next queued answer, else the standing one. */
  synchronized A next(Supplier<A> standing) {
    A next = queued.poll();
    return next != null ? next : standing.get();
  }

  synchronized List<Q> requests() {
    return List.copyOf(requests);
  }
}
