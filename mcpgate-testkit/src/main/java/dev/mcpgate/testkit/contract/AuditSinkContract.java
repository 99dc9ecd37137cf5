package dev.mcpgate.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AuditSink} honours, a listener's contract like OkHttp's {@code
 * EventListener}: {@link AuditSink#record} is fast, never blocks and never throws, from any
 * number of threads. Extend this class and give the sink under test.
 *
 * <pre>{@code
 * class KafkaAuditSinkContractTest extends AuditSinkContract {
 *   protected AuditSink sink() { return new KafkaAuditSink(producer, "audit"); }
 * }
 * }</pre>
 *
 * <p>The kit checks that
 * <ul>
 *   <li>1,000 events are recorded at no more than {@link #maximumAverageRecordTime()} each on
 *       average, so a sink that writes somewhere slow must buffer rather than wait;
 *   <li>no event, however odd (every optional field null, text with quotes, newlines, NUL and
 *       right-to-left marks, 100,000-character details, an anonymous caller), makes it throw;
 *   <li>8 threads recording at once make it throw nothing;
 *   <li>a sink that is {@link AutoCloseable} still does not throw once closed.
 * </ul>
 *
 * <p>Each test gets a new sink; one that is {@link AutoCloseable} is closed after the test.
 */
public abstract class AuditSinkContract {

  private final List<AuditSink> made = new ArrayList<>();

  /** For subclasses. */
  protected AuditSinkContract() {}

  /**
   * A new sink under test.
   *
   * @return the sink
   */
  protected abstract AuditSink sink();

  /**
   * The most time {@link AuditSink#record} may take on average; 1 ms unless overridden.
   *
   * @return the bound
   */
  protected Duration maximumAverageRecordTime() {
    return Duration.ofMillis(1);
  }

  /**
   * An ordinary event, as the engine records for a successful call.
   *
   * @param n a number that makes the request id unique
   * @return the event
   */
  protected static AuditEvent event(int n) {
    CallerContext caller = CallerContext.builder().subject("alice").clientId("billing-service")
        .tenant("acme").environment("sandbox").scopes(Set.of("orders:read"))
        .authMethod("jwt").tokenId("jti-" + n).build();
    return AuditEvent.builder("req-" + n, Instant.now(), "tools/call", caller)
        .tool("get_order").operation("getOrder").source("orders-api").bindingId("orders-key")
        .credentialStatus(CredentialStatus.RESOLVED).detail("status", "200").build();
  }

  @Test
  void recordingIsFast() {
    AuditSink sink = made();
    for (int i = 0; i < 100; i++) {
      sink.record(event(i)); // warm up
    }
    int events = 1_000;
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      sink.record(event(i));
    }
    Duration average = Duration.ofNanos((System.nanoTime() - start) / events);
    assertThat(average).as("the average time to record an event")
        .isLessThanOrEqualTo(maximumAverageRecordTime());
  }

  @Test
  void noEventMakesItThrow() {
    AuditSink sink = made();
    String odd = "\"quoted\" \\ back\nslash\r\u0000 \u202e rtl \uD83D\uDD11 </script>";
    List<AuditEvent> events = List.of(
        AuditEvent.builder("r", Instant.EPOCH, "initialize", CallerContext.anonymous()).build(),
        AuditEvent.builder(odd, Instant.MAX, odd, CallerContext.anonymous())
            .tool(odd).operation(odd).source(odd).bindingId(odd).detail(odd, odd).build(),
        AuditEvent.builder("r", Instant.MIN, "tools/call",
                CallerContext.builder().subject(odd).clientId(odd).authMethod(odd)
                    .surface(odd).scopes(Set.of(odd, "")).build())
            .detail("arguments", "x".repeat(100_000))
            .credentialStatus(CredentialStatus.ERROR).build());
    for (AuditEvent event : events) {
      assertThatCode(() -> sink.record(event)).as("recording %s", event.requestId())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void manyThreadsRecordingAtOnceMakeItThrowNothing() throws Exception {
    AuditSink sink = made();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          for (int i = 0; i < 500; i++) {
            sink.record(event(thread * 1_000 + i));
          }
        }));
      }
      for (Future<?> future : done) {
        assertThatCode(future::get).doesNotThrowAnyException();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aClosedSinkDoesNotThrowEither() throws Exception {
    AuditSink sink = made();
    sink.record(event(1));
    if (sink instanceof AutoCloseable closeable) {
      closeable.close();
    }
    assertThatCode(() -> sink.record(event(2))).doesNotThrowAnyException();
  }

  @AfterEach
  void closeSinks() throws Exception {
    for (AuditSink sink : made) {
      if (sink instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private AuditSink made() {
    AuditSink sink = sink();
    assertThat(sink).as("the sink").isNotNull();
    made.add(sink);
    return sink;
  }
}
