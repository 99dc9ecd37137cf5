package dev.mcpgate.openapi;

import dev.mcpgate.api.McpGateException;
import org.jspecify.annotations.Nullable;

/**
 * A description that cannot be imported at all: unreadable, not a supported format, broken, or
 * over a limit. The message names where (file, JSON pointer, line where known) and is written
 * for an operator; it carries no stack trace worth showing.
 */
public final class ImportException extends McpGateException {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final @Nullable String pointer;
  private final int line;

  /**
   * An import failure.
   *
   * @param location the file path or URL
   * @param pointer a JSON pointer into the document, or null
   * @param line the line number, or 0 when unknown
   * @param problem what is wrong
   */
  public ImportException(String location, @Nullable String pointer, int line, String problem) {
    super(ErrorCode.INVALID_PARAMS, describe(location, pointer, line, problem), false);
    this.location = location;
    this.pointer = pointer;
    this.line = line;
  }

  private static String describe(
      String location, @Nullable String pointer, int line, String problem) {
    StringBuilder text = new StringBuilder(location);
    if (line > 0) {
      text.append(':').append(line);
    }
    if (pointer != null && !pointer.isEmpty()) {
      text.append(" at ").append(pointer);
    }
    return text.append(": ").append(problem).toString();
  }

  /**
   * The file path or URL that failed.
   *
   * @return the location
   */
  public String location() {
    return location;
  }

  /**
   * Where in the document, as a JSON pointer.
   *
   * @return the pointer, or null when unknown
   */
  public @Nullable String pointer() {
    return pointer;
  }

  /**
   * The line in the document.
   *
   * @return the line, or 0 when unknown
   */
  public int line() {
    return line;
  }
}
