package dev.mcpgate.core.audit;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each event as one line of JSON ({@link JsonLinesAuditSink#line(AuditEvent)}) to a
 * file, and rotates the file by size: when the next line would take the file past {@link
 * Builder#maxFileBytes(long)}, {@code audit.jsonl} becomes {@code audit.jsonl.1}, {@code .1}
 * becomes {@code .2}, and so on; the oldest beyond {@link Builder#keep(int)} is deleted. Nothing
 * but the lines goes in the file: every line is a complete JSON object, so {@code jq} or a log
 * shipper reads it as it is.
 *
 * <p>Each line is written with one {@code write} to the file before {@link #record} returns (no
 * buffer to lose when the process dies), which costs a few microseconds. To keep calls from
 * ever waiting on a slow disk, put an {@link AsyncAuditSink} in front.
 *
 * <pre>{@code
 * RotatingFileAuditSink file = RotatingFileAuditSink.builder(Path.of("/var/log/mcpgate/audit.jsonl"))
 *     .maxFileBytes(100L * 1024 * 1024)
 *     .keep(10)
 *     .open();
 * AsyncAuditSink audit = new AsyncAuditSink(file, 10_000);
 * }</pre>
 *
 * <p>Thread-safe: lines from concurrent calls never interleave. {@link #record} never throws: a
 * write that fails (disk full, directory gone) drops the event, counts it in {@link #failed()},
 * logs a warning (at most one a minute) and tries the file again on the next event. A file
 * removed or renamed by someone else (an external log rotation) is noticed within a second, and
 * the sink starts a new file at its path.
 */
public final class RotatingFileAuditSink implements AuditSink, AutoCloseable {

  /** The default size at which the file rotates: 100 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

  /** The default number of rotated files kept: 5. */
  public static final int DEFAULT_KEEP = 5;

  private static final Logger LOG = LoggerFactory.getLogger(RotatingFileAuditSink.class);
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;
  /** How often the sink checks that its file is still the one at its path. */
  private static final long RECHECK_EVERY_NANOS = 1_000_000_000L;

  private final Path file;
  private final long maxFileBytes;
  private final int keep;
  private final Object lock = new Object();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private @Nullable FileChannel channel;
  private @Nullable Object fileKey;
  private long checked;
  private long size;
  private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;
  private boolean closed;

  private RotatingFileAuditSink(Builder builder) throws IOException {
    this.file = builder.file;
    this.maxFileBytes = builder.maxFileBytes;
    this.keep = builder.keep;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.channel = openChannel();
  }

  /**
   * A builder for a sink writing to a file.
   *
   * @param file the file lines are appended to; rotated files are named after it with {@code
   *     .1}, {@code .2}, ... added
   * @return a new builder
   */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  @Override
  public void record(AuditEvent event) {
    try {
      byte[] line = (JsonLinesAuditSink.line(event) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (lock) {
        if (closed) {
          failed.incrementAndGet();
          return;
        }
        write(line);
      }
      written.incrementAndGet();
    } catch (IOException | RuntimeException broken) {
      failed.incrementAndGet();
      warn(broken);
    }
  }

  private void write(byte[] line) throws IOException {
    FileChannel out = channel;
    if (out != null && System.nanoTime() - checked >= RECHECK_EVERY_NANOS && moved()) {
      // Removed or renamed by someone else (logrotate, an operator): write to the path again.
      out.close();
      out = null;
    }
    if (out == null || !out.isOpen()) {
      out = openChannel();
      channel = out;
    }
    if (size > 0 && size + line.length > maxFileBytes) {
      out.close();
      channel = null;
      rotate();
      out = openChannel();
      channel = out;
    }
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    size += line.length;
  }

  private FileChannel openChannel() throws IOException {
    FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = opened.size();
    fileKey = key();
    checked = System.nanoTime();
    return opened;
  }

  /** Whether the path no longer names the file the channel writes to. */
  private boolean moved() {
    checked = System.nanoTime();
    try {
      Object now = key();
      return now == null ? !Files.exists(file) : !now.equals(fileKey);
    } catch (IOException gone) {
      return true;
    }
  }

  private @Nullable Object key() throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private void rotate() throws IOException {
    Files.deleteIfExists(rotated(keep));
    for (int i = keep - 1; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from)) {
        Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
  }

  private Path rotated(int index) {
    return file.resolveSibling(file.getFileName() + "." + index);
  }

  private void warn(Exception broken) {
    long now = System.nanoTime();
    boolean due;
    synchronized (lock) {
      due = now - lastWarning >= WARN_EVERY_NANOS;
      if (due) {
        lastWarning = now;
      }
    }
    if (due) {
      // The path is the operator's own configuration; the event itself is never logged.
      LOG.warn("cannot write audit events to {}: {} ({} dropped so far)", file,
          broken.getClass().getSimpleName(), failed.get());
    }
  }

  /**
   * The file lines are appended to.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * How many events were written.
   *
   * @return the count since the sink was opened
   */
  public long written() {
    return written.get();
  }

  /**
   * How many events were dropped because writing failed or the sink was closed.
   *
   * @return the count since the sink was opened
   */
  public long failed() {
    return failed.get();
  }

  /** Closes the file; events recorded afterwards are dropped and counted. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      FileChannel out = channel;
      channel = null;
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          LOG.warn("closing the audit file {} failed: {}", file, e.getClass().getSimpleName());
        }
      }
    }
  }

  /** Builds a {@link RotatingFileAuditSink}. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int keep = DEFAULT_KEEP;

    private Builder(Path file) {
      this.file = file;
    }

    /**
     * Sets the size at which the file rotates; default 100 MiB.
     * A single line longer than this still gets a file of its own.
     *
     * @param bytes at least 1024
     * @return this builder
     * @throws IllegalArgumentException if below 1024
     */
    public Builder maxFileBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxFileBytes must be at least 1024, was " + bytes);
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /**
     * Sets how many rotated files are kept besides the one being written; default 5.
     *
     * @param files 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder keep(int files) {
      if (files < 1 || files > 1000) {
        throw new IllegalArgumentException("keep must be 1 to 1000, was " + files);
      }
      this.keep = files;
      return this;
    }

    /**
     * Opens the file for appending (creating it and its directories if needed) and returns the
     * sink.
     *
     * @return the sink
     * @throws IOException if the file cannot be created or opened for writing
     */
    public RotatingFileAuditSink open() throws IOException {
      return new RotatingFileAuditSink(this);
    }
  }
}
