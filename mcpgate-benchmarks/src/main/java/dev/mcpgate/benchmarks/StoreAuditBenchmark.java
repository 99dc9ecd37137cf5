package dev.mcpgate.benchmarks;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.control.store.ControlStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What storing data-plane audit events in a SQLite control-plane store costs, by batch size: one
 * durable transaction ({@code synchronous=FULL}) of {@code batch} events as {@code serve}'s
 * peerbench call writes them (seven gates, an adapter outcome; about 1 KB of JSON each). The
 * store's audit writer lingers to make its batches large: divide the time by {@code batch} for
 * the cost per event, and compare batch 1 (a writer that commits each event as it comes) with
 * batch 500 (the writer under load).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StoreAuditBenchmark {

  /** Events per transaction. */
  @Param({"1", "20", "500"})
  public int batch;

  private Path dir;
  private ControlStore store;
  private List<AuditEvent> events;

  /** Opens a SQLite store in a temporary directory and builds the batch. */
  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("mcpgate-audit-bench");
    store = ControlStore.sqlite(dir.resolve("store.db"));
    CallerContext caller = CallerContext.builder().clientId("peerbench")
        .environment("production").authMethod("apiKey").tokenId("1fd603dab62ed301").build();
    events = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      events.add(AuditEvent.builder("93f4917d12a6a518fe4ccce7badd" + (1000 + i),
              Instant.now(), "tools/call", caller)
          .tool("get_item").operation("get_item").source("items").bindingId("items-key")
          .credentialStatus(CredentialStatus.RESOLVED)
          .gate(new GateOutcome(GateId.SOURCE_APPROVED, true, "approved"))
          .gate(new GateOutcome(GateId.OPERATION_SELECTED, true, "selected"))
          .gate(new GateOutcome(GateId.POLICY, true, "allowed by rule bench"))
          .gate(new GateOutcome(GateId.INPUT_SCHEMA, true, "valid"))
          .gate(new GateOutcome(GateId.SIZE_LIMITS, true, "within limits"))
          .gate(new GateOutcome(GateId.RATE_LIMIT, true, "within limits"))
          .gate(new GateOutcome(GateId.TARGET_HOST, true, "127.0.0.1"))
          .adapter(new AdapterOutcome(200, Duration.ofMillis(28), 1030, null))
          .outcome(AuditOutcome.OK).build());
    }
  }

  /** Closes the store and deletes its files. */
  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * The writer thread's CPU, summed over an iteration: its time includes waiting for the disk,
   * its CPU does not. Divide {@code cpuMicros} by {@code events} for the CPU per event.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cpu {
    /** CPU microseconds spent in the iteration's transactions. */
    public long cpuMicros;

    /** Events stored in the iteration. */
    public long events;

    /** Clears the sums. */
    @Setup(Level.Iteration)
    public void clear() {
      cpuMicros = 0;
      events = 0;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * One transaction of {@code batch} events.
   *
   * @param cpu where its CPU time is added
   */
  @Benchmark
  public void appendBatch(Cpu cpu) {
    long start = THREADS.getCurrentThreadCpuTime();
    store.appendAudit(events);
    cpu.cpuMicros += (THREADS.getCurrentThreadCpuTime() - start) / 1000;
    cpu.events += events.size();
  }
}
