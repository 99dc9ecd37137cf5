package dev.mcpgate.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.core.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditSinksTest {

  private static AuditEvent event(String requestId) {
    return AuditEvent.builder(requestId, Instant.parse("2026-11-22T10:00:00Z"), "tools/call",
            CallerContext.builder().clientId("partner-7").environment("sandbox").tenant("acme")
                .agent("support-bot").authMethod("jwt").tokenId("jti-1").build())
        .tool("get_order").operation("getOrder").source("orders").bindingId("orders-key")
        .credentialStatus(CredentialStatus.RESOLVED)
        .gate(new GateOutcome(GateId.POLICY, true, "rule 3"))
        .gate(new GateOutcome(GateId.INPUT_SCHEMA, true, "valid"))
        .adapter(new AdapterOutcome(200, Duration.ofMillis(12), 345, null))
        .build();
  }

  @Test
  void aJsonLineCarriesTheEventsMetadataOnOneLine() {
    List<String> lines = new CopyOnWriteArrayList<>();

    JsonLinesAuditSink.to(lines::add).record(event("r-1"));

    assertThat(lines).singleElement().satisfies(line -> assertThat(line).doesNotContain("\n"));
    JsonNode json = Json.MAPPER.readTree(lines.get(0));
    assertThat(json.path("requestId").asString()).isEqualTo("r-1");
    assertThat(json.path("caller").path("clientId").asString()).isEqualTo("partner-7");
    assertThat(json.path("caller").path("environment").asString()).isEqualTo("sandbox");
    assertThat(json.path("bindingId").asString()).isEqualTo("orders-key");
    assertThat(json.path("credentialStatus").asString()).isEqualTo("resolved");
    assertThat(json.path("gates").get(0).path("gate").asString()).isEqualTo("policy");
    assertThat(json.path("adapter").path("latencyMicros").asLong()).isEqualTo(12_000);
    assertThat(json.path("outcome").asString()).isEqualTo("ok");
  }

  @Test
  void aThrowingLineWriterNeverReachesTheCall() {
    JsonLinesAuditSink sink = JsonLinesAuditSink.to(line -> {
      throw new IllegalStateException("disk full");
    });

    sink.record(event("r-2"));
  }

  @Test
  void theAsyncSinkDeliversInOrder() throws InterruptedException {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(3);
    try (AsyncAuditSink sink = new AsyncAuditSink(e -> {
      seen.add(e.requestId());
      all.countDown();
    }, 10)) {
      sink.record(event("a"));
      sink.record(event("b"));
      sink.record(event("c"));

      assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).containsExactly("a", "b", "c");
    }
  }

  @Test
  void theAsyncSinksThreadComesFromTheThreadFactoryGiven() throws InterruptedException {
    List<String> threads = new CopyOnWriteArrayList<>();
    CountDownLatch delivered = new CountDownLatch(1);
    try (AsyncAuditSink sink = new AsyncAuditSink(e -> {
      threads.add(Thread.currentThread().getName());
      delivered.countDown();
    }, 10, task -> {
      Thread thread = new Thread(task, "host-audit-1");
      thread.setDaemon(true);
      return thread;
    })) {
      sink.record(event("a"));

      assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(threads).containsExactly("host-audit-1");
    }
  }

  @Test
  void aBlockedDelegateNeverBlocksACallAndOverflowIsCounted() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch taken = new CountDownLatch(1);
    AsyncAuditSink sink = new AsyncAuditSink(e -> {
      taken.countDown();
      try {
        release.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }, 2);
    sink.record(event("held"));
    assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      sink.record(event("e" + i));
    }
    long micros = (System.nanoTime() - start) / 1_000;

    assertThat(micros).isLessThan(500_000);
    assertThat(sink.pending()).isEqualTo(2);
    assertThat(sink.dropped()).isEqualTo(98);
    release.countDown();
    assertThat(sink.close(Duration.ofSeconds(5))).isTrue();
    assertThat(sink.pending()).isZero();
  }

  @Test
  void aThrowingDelegateIsCountedAndTheSinkKeepsGoing() throws InterruptedException {
    CountDownLatch second = new CountDownLatch(1);
    AsyncAuditSink sink = new AsyncAuditSink(e -> {
      if (e.requestId().equals("bad")) {
        throw new IllegalStateException("broken");
      }
      second.countDown();
    }, 10);

    sink.record(event("bad"));
    sink.record(event("good"));

    assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(sink.failed()).isEqualTo(1);
    sink.close();
  }

  @Test
  void closingWithoutTimeToWaitReturnsAtOnceBehindABlockedDelegate() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch taken = new CountDownLatch(1);
    AsyncAuditSink sink = new AsyncAuditSink(e -> {
      taken.countDown();
      try {
        release.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }, 2);
    sink.record(event("held"));
    assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();

    try {
      assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> sink.close(Duration.ZERO))).isFalse();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aClosedSinkDropsNewEvents() {
    AsyncAuditSink sink = new AsyncAuditSink(e -> { }, 10);
    sink.close();

    sink.record(event("late"));

    assertThat(sink.dropped()).isEqualTo(1);
  }
}
