package dev.mcpgate.control;

import java.util.Objects;

/**
 * What became of a command: applied, previewed (a dry run), or refused. A refusal is a value,
 * never an exception; an exception means the store is broken ({@link ControlStoreException}).
 *
 * @param <T> what the command yields when applied
 */
public sealed interface Outcome<T> {

  /**
   * The command was applied: committed, recorded and published.
   *
   * @param result what it yielded
   * @param change the change event recorded, with its sequence number
   * @param <T> the result's type
   */
  record Applied<T>(T result, ChangeEvent change) implements Outcome<T> {
    /** Validates the fields. */
    public Applied {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(change, "change");
    }
  }

  /**
   * A dry run: what the command would change, with nothing written and nothing published.
   *
   * @param change the change event it would record (sequence 0)
   * @param <T> the result's type the command would yield
   */
  record Preview<T>(ChangeEvent change) implements Outcome<T> {
    /** Validates the fields. */
    public Preview {
      Objects.requireNonNull(change, "change");
    }
  }

  /**
   * The command was refused; nothing changed.
   *
   * @param reason why, as a type
   * @param message why, for the operator (never a secret)
   * @param <T> the result's type the command would have yielded
   */
  record Refused<T>(Refusal reason, String message) implements Outcome<T> {
    /** Validates the fields. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a command was refused. */
  enum Refusal {
    /** The actor's role does not allow the command. */
    FORBIDDEN,
    /** The object does not exist. */
    NOT_FOUND,
    /** The object already exists. */
    ALREADY_EXISTS,
    /** The object changed since the revision the command names (optimistic concurrency). */
    STALE_REVISION,
    /** The object belongs to the YAML baseline: change the file instead. */
    FILE_OWNED,
    /** The command contradicts the object's state (publishing an unapproved revision, ...). */
    CONFLICT,
    /** The command's content is invalid (a description that cannot be imported, ...). */
    INVALID
  }

  /**
   * Whether the command was applied.
   *
   * @return true for {@link Applied}
   */
  default boolean applied() {
    return this instanceof Applied;
  }
}
