package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.core.audit.AsyncAuditSink;
import dev.mcpgate.core.audit.JsonLinesAuditSink;
import dev.mcpgate.core.audit.RotatingFileAuditSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code mcpgate serve} writes its audit events: one JSON object per line, to standard
 * output (the default), to a file rotated by size, or to the log. A bounded queue ({@link
 * AsyncAuditSink}) sits in front, so that a call never waits for its audit line.
 *
 * <p>Thread-safe. {@link #close(Duration)} delivers what is queued, then closes the file.
 */
final class AuditTrail implements AuditSink {

  private final AsyncAuditSink queue;
  private final @Nullable RotatingFileAuditSink file;

  private AuditTrail(AsyncAuditSink queue, @Nullable RotatingFileAuditSink file) {
    this.queue = queue;
    this.file = file;
  }

  /**
   * Opens the configured output.
   *
   * @param output where events go
   * @param stdout standard output
   * @param capacity how many events may wait
   * @param label how problems name the configuration file
   * @return the trail
   * @throws ConfigException if the audit file cannot be opened for writing
   */
  static AuditTrail open(
      ServeConfig.AuditOutput output, PrintStream stdout, int capacity, String label) {
    RotatingFileAuditSink file = null;
    AuditSink lines;
    if (output instanceof ServeConfig.AuditOutput.File target) {
      try {
        file = RotatingFileAuditSink.builder(target.path()).maxFileBytes(target.maxFileBytes())
            .keep(target.keep()).open();
      } catch (IOException e) {
        throw new ConfigException(label, List.of("audit.output.file: cannot be opened for"
            + " writing (" + e.getClass().getSimpleName() + ")"));
      }
      lines = file;
    } else if (output instanceof ServeConfig.AuditOutput.Log) {
      lines = JsonLinesAuditSink.toSlf4j();
    } else {
      // PrintStream.println is synchronized (lines never interleave) and never throws.
      lines = JsonLinesAuditSink.to(stdout::println);
    }
    return new AuditTrail(new AsyncAuditSink(lines, capacity), file);
  }

  /**
   * Reads {@code audit.output}: {@code stdout}, {@code log} or {@code {file: PATH,
   * maxFileBytes: N, keep: N}}.
   *
   * @param audit the {@code audit} section
   * @param dir the configuration file's directory, against which a relative path resolves
   * @param problems where problems go
   * @return the output; standard output when the key is absent or wrong
   */
  static ServeConfig.AuditOutput output(ConfigMap audit, Path dir, List<String> problems) {
    Object raw = audit.raw("output");
    if (raw == null || "stdout".equals(raw)) {
      return new ServeConfig.AuditOutput.Stdout();
    }
    if ("log".equals(raw)) {
      return new ServeConfig.AuditOutput.Log();
    }
    if (!(raw instanceof Map)) {
      audit.problem("output", "must be stdout, log or {file: PATH, maxFileBytes: N, keep: N}, was "
          + ConfigMap.describe(raw));
      return new ServeConfig.AuditOutput.Stdout();
    }
    ConfigMap map = ConfigMap.of(audit.path("output"), raw, problems);
    if (map == null) {
      return new ServeConfig.AuditOutput.Stdout();
    }
    String name = map.requiredString("file");
    long maxFileBytes = map.integer("maxFileBytes", RotatingFileAuditSink.DEFAULT_MAX_FILE_BYTES,
        1024, 1L << 40);
    int keep = (int) map.integer("keep", RotatingFileAuditSink.DEFAULT_KEEP, 1, 1000);
    map.refuseUnknownKeys();
    if (name == null) {
      return new ServeConfig.AuditOutput.Stdout();
    }
    Path path = dir.resolve(name).normalize();
    if (Files.isDirectory(path)) {
      map.problem("file", "is a directory; name the file the lines go to");
    }
    return new ServeConfig.AuditOutput.File(path, maxFileBytes, keep);
  }

  /**
   * The startup line naming where events go.
   *
   * @param output the configured output
   * @return such as {@code audit: JSON lines to standard output}
   */
  static String describe(ServeConfig.AuditOutput output) {
    if (output instanceof ServeConfig.AuditOutput.File file) {
      return "audit: JSON lines to " + file.path() + " (rotated at " + file.maxFileBytes()
          + " bytes, " + file.keep() + " kept)";
    }
    return output instanceof ServeConfig.AuditOutput.Log
        ? "audit: JSON lines to the log (logger mcpgate.audit)"
        : "audit: JSON lines to standard output";
  }

  @Override
  public void record(AuditEvent event) {
    queue.record(event);
  }

  /**
   * Delivers what is queued, waiting up to a timeout, then closes the file.
   *
   * @param timeout how long to wait for the queue
   */
  void close(Duration timeout) {
    queue.close(timeout);
    if (file != null) {
      file.close();
    }
  }
}
