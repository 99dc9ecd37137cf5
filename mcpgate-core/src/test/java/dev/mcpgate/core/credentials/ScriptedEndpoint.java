package dev.mcpgate.core.credentials;

import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint of a {@link FakeUpstream}: records what arrived at its path as an {@code R},
 * counts requests, and answers with the {@code A} the test scripted, which a subclass turns into
 * a {@link FakeUpstream.Answer}. Other paths answer 404.
 */
abstract class ScriptedEndpoint<R, A> implements AutoCloseable {

  /** The target policy that lets an exchange reach an endpoint on loopback. */
  static final TargetPolicy LOOPBACK =
      TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build();

  private final FakeUpstream server = FakeUpstream.start();
  private final String path;
  private final List<R> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Function<R, A> script =
      request -> {
        throw new IllegalStateException("no answer scripted");
      };
  private volatile @Nullable CountDownLatch hold;

  ScriptedEndpoint(String path) {
    this.path = path;
    server.otherwise(this::handle);
  }

  /** The request as the test sees it. */
  abstract R parse(FakeUpstream.RecordedRequest request);

  /** The answer as it goes over the wire. */
  abstract FakeUpstream.Answer respond(A answer);

  /** A status with a body of a content type; no body when {@code body} is empty. */
  static FakeUpstream.Answer answer(int status, String contentType, String body) {
    return FakeUpstream.Answer.status(status).withHeader("Content-Type", contentType)
        .withBody(body);
  }

  String url() {
    return server.url(path).toString();
  }

  void answer(Function<R, A> script) {
    this.script = script;
  }

  /** Answers nothing until {@link #release()}. */
  void holdAnswers() {
    hold = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch latch = hold;
    if (latch != null) {
      latch.countDown();
    }
  }

  int requests() {
    return count.get();
  }

  R last() {
    return received.get(received.size() - 1);
  }

  private FakeUpstream.Answer handle(FakeUpstream.RecordedRequest recorded) {
    if (!recorded.path().equals(path)) {
      return FakeUpstream.Answer.status(404);
    }
    R request = parse(recorded);
    received.add(request);
    count.incrementAndGet();
    CountDownLatch latch = hold;
    if (latch != null) {
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return respond(script.apply(request));
  }

  @Override
  public void close() {
    release();
    server.close();
  }
}
