package dev.mcpgate.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The rotating JSON-lines file: pure lines, size-based rotation, never a throw. */
class RotatingFileAuditSinkTest {

  @TempDir Path dir;

  private static AuditEvent event(int n) {
    return AuditEvent.builder("r-" + n, Instant.parse("2026-11-22T10:00:00Z"), "tools/call",
            CallerContext.builder().clientId("partner-7").authMethod("apiKey").build())
        .tool("get_order").build();
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void eachEventIsOneCompleteJsonObjectOnItsOwnLineAndNothingElseIsInTheFile() throws IOException {
    Path file = dir.resolve("logs/audit.jsonl");
    try (RotatingFileAuditSink sink = RotatingFileAuditSink.builder(file).open()) {
      sink.record(event(1));
      sink.record(event(2));
      assertThat(sink.written()).isEqualTo(2);
    }

    List<String> lines = lines(file);
    assertThat(lines).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode json = Json.MAPPER.readTree(lines.get(i));
      assertThat(json.path("requestId").asString()).isEqualTo("r-" + (i + 1));
      assertThat(lines.get(i)).isEqualTo(JsonLinesAuditSink.line(event(i + 1)));
    }
  }

  @Test
  void aFileThatWouldGrowPastItsLimitIsRotatedAndOnlyTheNewestAreKept() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    int lineBytes = JsonLinesAuditSink.line(event(10)).length() + 1;
    try (RotatingFileAuditSink sink =
        RotatingFileAuditSink.builder(file).maxFileBytes(Math.max(1024, 3L * lineBytes)).keep(2)
            .open()) {
      for (int n = 10; n < 10 + 3 * 8; n++) {
        sink.record(event(n));
      }
    }

    assertThat(Files.size(file)).isLessThanOrEqualTo(Math.max(1024, 3L * lineBytes));
    assertThat(dir.resolve("audit.jsonl.1")).exists();
    assertThat(dir.resolve("audit.jsonl.2")).exists();
    assertThat(dir.resolve("audit.jsonl.3")).doesNotExist();
    List<String> newest = new ArrayList<>();
    newest.addAll(lines(dir.resolve("audit.jsonl.2")));
    newest.addAll(lines(dir.resolve("audit.jsonl.1")));
    newest.addAll(lines(file));
    List<String> ids = newest.stream()
        .map(line -> Json.MAPPER.readTree(line).path("requestId").asString()).toList();
    assertThat(ids).last().isEqualTo("r-33");
    // In order, without a gap, ending with the newest.
    int first = Integer.parseInt(ids.get(0).substring(2));
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo("r-" + (first + i));
    }
  }

  @Test
  void anExistingFileIsAppendedToAndCountsTowardsItsLimit() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "x".repeat(1000) + "\n");
    try (RotatingFileAuditSink sink =
        RotatingFileAuditSink.builder(file).maxFileBytes(1024).open()) {
      sink.record(event(1));
    }

    assertThat(lines(dir.resolve("audit.jsonl.1"))).containsExactly("x".repeat(1000));
    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void concurrentEventsNeverInterleave() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (RotatingFileAuditSink sink =
        RotatingFileAuditSink.builder(file).maxFileBytes(64 * 1024).keep(50).open()) {
      for (int n = 0; n < 2000; n++) {
        int id = n;
        threads.execute(() -> sink.record(event(id)));
      }
      threads.shutdown();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sink.written()).isEqualTo(2000);
    }

    Set<String> ids = new HashSet<>();
    try (var files = Files.list(dir)) {
      for (Path part : files.toList()) {
        for (String line : lines(part)) {
          ids.add(Json.MAPPER.readTree(line).path("requestId").asString());
        }
      }
    }
    assertThat(ids).hasSize(2000);
  }

  @Test
  void aFailedWriteDropsAndCountsTheEventWithoutThrowingAndTheNextEventTriesAgain()
      throws Exception {
    Path logs = dir.resolve("logs");
    Path file = logs.resolve("audit.jsonl");
    RotatingFileAuditSink sink = RotatingFileAuditSink.builder(file).open();
    sink.record(event(1));
    Files.delete(file);
    Files.delete(logs);
    Thread.sleep(1_100);

    sink.record(event(2));
    sink.record(event(3));
    assertThat(sink.failed()).isEqualTo(2);

    Files.createDirectory(logs);
    sink.record(event(4));
    sink.close();
    sink.record(event(5));

    assertThat(lines(file)).singleElement().satisfies(line ->
        assertThat(Json.MAPPER.readTree(line).path("requestId").asString()).isEqualTo("r-4"));
    assertThat(sink.failed()).isEqualTo(3);
    assertThat(sink.written()).isEqualTo(2);
  }

  @Test
  void aFileRemovedBySomeoneElseIsStartedAgainAtItsPath() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (RotatingFileAuditSink sink = RotatingFileAuditSink.builder(file).open()) {
      sink.record(event(1));
      Files.move(file, dir.resolve("audit.jsonl.old"));
      Thread.sleep(1_100);
      sink.record(event(2));
    }

    assertThat(lines(dir.resolve("audit.jsonl.old"))).hasSize(1);
    assertThat(lines(file)).singleElement().satisfies(line ->
        assertThat(Json.MAPPER.readTree(line).path("requestId").asString()).isEqualTo("r-2"));
  }

  @Test
  void badSettingsAreRefusedWithAMessageNamingThem() {
    assertThatThrownBy(() -> RotatingFileAuditSink.builder(dir.resolve("a")).maxFileBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFileBytes");
    assertThatThrownBy(() -> RotatingFileAuditSink.builder(dir.resolve("a")).keep(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep");
    assertThatThrownBy(() -> RotatingFileAuditSink.builder(dir).open())
        .isInstanceOf(IOException.class);
  }
}
