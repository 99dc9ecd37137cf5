package dev.mcpgate.control;

import dev.mcpgate.control.internal.DefaultControlPlane;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.openapi.ImportOptions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane's one service layer: every surface (admin API, web UI, CLI, Management MCP)
 * and any embedding application change the control plane through {@link #apply} and nothing
 * else. Each {@link Command} goes through the same steps:
 *
 * <ol>
 *   <li><b>authorize</b>: the actor's {@link Role} must include the command's; else
 *       {@link Outcome.Refusal#FORBIDDEN};
 *   <li><b>validate</b>: the command validated itself when constructed; here it is checked
 *       against the current state (the object exists, is not owned by the YAML file, has the
 *       revision the command expects, the transition is allowed);
 *   <li><b>persist</b> every write of the command in one transaction, with
 *   <li>its <b>change event</b> in the same transaction (so a change is never without its
 *       record, nor the reverse);
 *   <li><b>publish</b>: after the commit, every {@link ChangeListener} is told.
 * </ol>
 *
 * <p>{@link #dryRun} runs the first two steps and returns the change event that applying would
 * record. A refusal is an {@link Outcome.Refused} value; only a failing store throws ({@link
 * ControlStoreException}).
 *
 * <p>Reads need no actor: a surface authorizes its callers ({@link Role#VIEWER} at least) before
 * it reads. Thread-safe.
 */
public interface ControlPlane extends AutoCloseable {

  /**
   * Applies a command.
   *
   * @param actor who asks
   * @param command the change
   * @param <T> what the command yields
   * @return applied, or refused
   * @throws ControlStoreException if the store fails (nothing changed)
   */
  <T> Outcome<T> apply(Actor actor, Command<T> command);

  /**
   * Checks a command as {@link #apply} would and returns what it would change, writing nothing.
   *
   * @param actor who asks
   * @param command the change
   * @param <T> what the command would yield
   * @return a preview, or refused
   * @throws ControlStoreException if the store fails
   */
  <T> Outcome<T> dryRun(Actor actor, Command<T> command);

  /**
   * Reads a description from a file or an http(s) URL (with the limits of the import options)
   * and applies {@link Command.ImportRevision} with its bytes.
   *
   * @param actor who asks
   * @param sourceId the source
   * @param fileOrUrl a path, or a URL starting with {@code http://} or {@code https://}
   * @return applied, or refused ({@link Outcome.Refusal#INVALID} when it cannot be read)
   * @throws ControlStoreException if the store fails
   */
  default Outcome<SourceRevision> importFrom(Actor actor, String sourceId, String fileOrUrl) {
    return importFrom(actor, sourceId, fileOrUrl, ImportSettings.defaults());
  }

  /**
   * Reads a description from a file or an http(s) URL and applies {@link Command.ImportRevision}
   * with its bytes and the given settings.
   *
   * @param actor who asks
   * @param sourceId the source
   * @param fileOrUrl a path, or a URL starting with {@code http://} or {@code https://}
   * @param settings how the description becomes tools
   * @return applied, or refused ({@link Outcome.Refusal#INVALID} when it cannot be read)
   * @throws ControlStoreException if the store fails
   */
  Outcome<SourceRevision> importFrom(Actor actor, String sourceId, String fileOrUrl,
      ImportSettings settings);

  /**
   * A source.
   *
   * @param id its id
   * @return the source, or empty
   */
  Optional<Source> source(String id);

  /**
   * Every source.
   *
   * @return the sources by id
   */
  List<Source> sources();

  /**
   * A source's revisions.
   *
   * @param sourceId the source
   * @return its revisions, oldest first
   */
  List<SourceRevision> revisions(String sourceId);

  /**
   * The review of a revision.
   *
   * @param sourceId the source
   * @param number the revision number
   * @return the review, or empty
   */
  Optional<Review> review(String sourceId, int number);

  /**
   * A revision's description, as imported.
   *
   * @param sourceId the source
   * @param number the revision number
   * @return the bytes, or empty
   */
  Optional<byte[]> description(String sourceId, int number);

  /**
   * A source's operation selection.
   *
   * @param sourceId the source
   * @return the selection, or empty when every tool is served
   */
  Optional<OperationSelection> selection(String sourceId);

  /**
   * Every credential binding.
   *
   * @return the bindings by id
   */
  List<Binding> bindings();

  /**
   * Every client, revoked ones included.
   *
   * @return the clients by id
   */
  List<Client> clients();

  /**
   * One client, revoked or not, read by its id alone (a store of many clients is not listed).
   *
   * @param id the client's id
   * @return the client, or empty when there is none
   */
  Optional<Client> client(String id);

  /**
   * A client's profiles.
   *
   * @param clientId the client
   * @return its profiles by name
   */
  List<Profile> profiles(String clientId);

  /**
   * A client's keys (never a key's secret or hash).
   *
   * @param clientId the client
   * @return its keys by id
   */
  List<ClientKey> keys(String clientId);

  /**
   * One key, revoked or not, found by its id alone whatever its client ({@link ClientKey#clientId}
   * names it); never the key's secret or hash.
   *
   * @param keyId the key's id
   * @return the key, or empty when there is none
   */
  Optional<ClientKey> key(String keyId);

  /**
   * Every policy rule.
   *
   * @return the rules by order, then id
   */
  List<Rule> rules();

  /**
   * Every rate limit.
   *
   * @return the limits by id
   */
  List<Limit> limits();

  /**
   * Every operator, revoked ones included.
   *
   * @return the operators by name
   */
  List<Operator> operators();

  /**
   * Authenticates an operator token.
   *
   * @param token the token as presented
   * @param surface where it was presented
   * @return the operator as an actor, or empty when the token is unknown, malformed or revoked
   */
  Optional<Actor> authenticate(String token, Surface surface);

  /**
   * Builds the data plane's view of one environment from the store, in one read transaction.
   *
   * @param environment the environment, such as {@code production}
   * @return the snapshot
   * @throws ControlStoreException if the store fails
   */
  ControlSnapshot snapshot(String environment);

  /**
   * Brings a snapshot of the same environment up to date, reading only what changed when it
   * can: when every change since {@code previous} is to clients, profiles, keys or operators,
   * only the clients they touch are read again; otherwise, or when the change log since then
   * cannot be read whole, the snapshot is built in full. The result equals a full snapshot,
   * except that clients not read again keep their place and new ones come last.
   *
   * @param environment the environment
   * @param previous a snapshot this control plane built, for the same environment
   * @return the snapshot
   * @throws ControlStoreException if the store fails
   */
  default ControlSnapshot snapshot(String environment, ControlSnapshot previous) {
    return snapshot(environment);
  }

  /**
   * The store's global revision: the sequence of the last committed change.
   *
   * @return the sequence
   */
  long sequence();

  /**
   * Reads the change log.
   *
   * @param query which
   * @return the change events, newest first
   */
  List<ChangeEvent> changes(ChangeQuery query);

  /**
   * Tells {@code listener} of every change committed through this control plane from now on.
   *
   * @param listener the listener
   * @return the subscription, to close when done
   */
  Subscription subscribe(ChangeListener listener);

  /**
   * The data plane's audit events in the store.
   *
   * @return the audit log
   */
  AuditLog audit();

  /**
   * Stops the audit writer, storing what is queued; the store stays open (its owner closes it).
   */
  @Override
  void close();

  /**
   * A builder over a store.
   *
   * @param store the store
   * @return a new builder
   */
  static Builder builder(ControlStore store) {
    return new Builder(store);
  }

  /** Builds a {@link ControlPlane}. Not thread-safe. */
  final class Builder {
    private final ControlStore store;
    private Clock clock = Clock.systemUTC();
    private ReviewRules reviewRules = ReviewRules.strict();
    private ImportOptions importOptions = ImportOptions.defaults();
    private int auditQueueCapacity = 10_000;
    private Retention auditRetention = Retention.defaults();

    private Builder(ControlStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the clock that stamps changes; default UTC system time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets when a revision is approved by rule; default {@link ReviewRules#strict()}.
     *
     * @param rules the rules
     * @return this builder
     */
    public Builder reviewRules(ReviewRules rules) {
      this.reviewRules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * Sets how descriptions are imported (size and depth limits, selection); default {@link
     * ImportOptions#defaults()}. The source id is set per import.
     *
     * @param options the options
     * @return this builder
     */
    public Builder importOptions(ImportOptions options) {
      this.importOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets how many audit events may wait for the store before new ones are dropped; default
     * 10,000.
     *
     * @param capacity 1 to 10,000,000
     * @return this builder
     */
    public Builder auditQueueCapacity(int capacity) {
      this.auditQueueCapacity = capacity;
      return this;
    }

    /**
     * Sets how long the store keeps audit events; default {@link Retention#defaults()} (30
     * days, at most 1,000,000 events). The audit writer prunes a minute after the control
     * plane starts and every ten minutes after that, in chunks between its batches; {@link
     * Retention#keepAll()} turns that off.
     *
     * @param retention what is kept
     * @return this builder
     */
    public Builder auditRetention(Retention retention) {
      this.auditRetention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Builds the control plane and starts its audit writer.
     *
     * @return the control plane
     * @throws IllegalArgumentException if a value is out of range
     */
    public ControlPlane build() {
      if (auditQueueCapacity < 1 || auditQueueCapacity > 10_000_000) {
        throw new IllegalArgumentException("auditQueueCapacity must be 1 to 10,000,000");
      }
      return new DefaultControlPlane(store, clock, reviewRules, importOptions,
          auditQueueCapacity, auditRetention);
    }
  }
}
