package dev.mcpgate.control.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.Retention;
import dev.mcpgate.control.store.ControlStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit writer prunes by itself, on its schedule, what its retention no longer keeps. */
class StoreAuditLogPruningTest {

  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

  @TempDir Path dir;

  private static AuditEvent event(String id, Instant at) {
    return AuditEvent.builder(id, at, "tools/call",
            CallerContext.builder().clientId("acme").authMethod("apiKey").build())
        .tool("listPets").source("pets").outcome(AuditOutcome.OK).build();
  }

  @Test
  void theWriterPrunesOnItsScheduleWithoutBeingAsked() throws Exception {
    try (ControlStore store = ControlStore.sqlite(dir.resolve("audit.db"))) {
      store.appendAudit(java.util.List.of(event("old", NOW.minus(Duration.ofDays(31))),
          event("a", NOW.minusSeconds(3)), event("b", NOW.minusSeconds(2)),
          event("c", NOW.minusSeconds(1))));
      StoreAuditLog log = new StoreAuditLog(store, Clock.fixed(NOW, ZoneOffset.UTC), 100,
          new Retention(Duration.ofDays(30), 2), Duration.ofMillis(200), Duration.ofMinutes(10));
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (store.audit(AuditQuery.latest(10)).size() > 2 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(store.audit(AuditQuery.latest(10))).extracting(AuditEvent::requestId)
            .containsExactly("c", "b");
      } finally {
        log.close();
      }
    }
  }

  @Test
  void keepAllNeverPrunes() throws Exception {
    try (ControlStore store = ControlStore.sqlite(dir.resolve("all.db"))) {
      store.appendAudit(java.util.List.of(event("old", NOW.minus(Duration.ofDays(3650)))));
      StoreAuditLog log = new StoreAuditLog(store, Clock.fixed(NOW, ZoneOffset.UTC), 100,
          Retention.keepAll(), Duration.ZERO, Duration.ofMillis(10));
      try {
        log.sink().record(event("new", NOW));
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        Thread.sleep(300); // many pruning periods
        assertThat(store.audit(AuditQuery.latest(10))).extracting(AuditEvent::requestId)
            .containsExactly("new", "old");
      } finally {
        log.close();
      }
    }
  }
}
