package dev.mcpgate.core;

import java.util.Locale;

/** MCP log levels (RFC 5424 severities), least severe first. */
public enum LogLevel {
  /** Debugging detail. */
  DEBUG,
  /** Informational messages. */
  INFO,
  /** Normal but significant events. */
  NOTICE,
  /** Warning conditions. */
  WARNING,
  /** Error conditions. */
  ERROR,
  /** Critical conditions. */
  CRITICAL,
  /** Action must be taken immediately. */
  ALERT,
  /** The system is unusable. */
  EMERGENCY;

  /**
   * The level's name on the wire.
   *
   * @return such as {@code warning}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The level with a wire name.
   *
   * @param wireName such as {@code info}
   * @return the level
   * @throws IllegalArgumentException if no level has that name
   */
  public static LogLevel fromWireName(String wireName) {
    for (LogLevel level : values()) {
      if (level.wireName().equals(wireName)) {
        return level;
      }
    }
    throw new IllegalArgumentException("unknown log level '" + wireName + "'");
  }
}
