package dev.mcpgate.cli.internal;

import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.Owner;
import dev.mcpgate.control.Subscription;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.upstream.HostResolver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mcpgate serve} with a control-plane store: the file's gateway, plus what the store
 * holds for the configured environment (the tools of the sources approved and published there,
 * narrowed by their selection; the bindings; the clients with their key hashes; the rules),
 * applied live.
 *
 * <p><b>How a change reaches the data plane.</b> One worker thread builds a {@link
 * ControlSnapshot} from the store (one read transaction) and applies it to the running gateway:
 * the store's clients and rules are swapped whole ({@link LiveState}); tools added, changed (a
 * new revision, a rotated binding) or removed are registered in or removed from the gateway's
 * catalog, which tells open sessions {@code notifications/tools/list_changed}. Requests read only
 * what was applied: none reads the store. The worker is woken by a change made in this process
 * ({@link ControlPlane#subscribe}), by polling {@link ControlPlane#sequence()} every {@code
 * store.poll} (another process, such as the CLI on the same SQLite file), and on PostgreSQL by
 * {@code LISTEN mcpgate_changes}, whose connection is reopened, with a full reload, when lost.
 * A snapshot that cannot be built (the store is down) is logged; the last one keeps serving.
 *
 * <p>Before serving, the file is reconciled into the store as its baseline ({@link
 * FileBaseline}), and again on {@link #reload()} (SIGHUP). From the store's snapshot come every
 * client key (the file's mirrored ones included), every rule and rate limit (the file's
 * mirrored ones included) and every source's tools, the file's included: a file source is
 * mirrored with its import settings (base URL, tool prefix, operations, parameter settings,
 * output schemas, binding) on its revision, and the snapshot builds its tools from that revision
 * as it does for a source imported through the admin API or the CLI. A source's tools are served
 * with the binding its revision's settings name (not at all while the store lacks it), else the
 * one whose id is the source's id, if there is one, and with the output schema mode its settings
 * say. Where two sources serve one tool name, a file source's tool is served (the file wins),
 * else the first source's by id, and the other is named in the log. Thread-safe.
 */
public final class StoreBackedGateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreBackedGateway.class);
  private static final String CHANNEL = "mcpgate_changes";

  /** A store tool as served: its definition and the binding its handler uses. */
  private record Served(ToolDefinition tool, @Nullable CredentialBinding binding) {}

  private final StoreAccess access;
  private final StandaloneGateway gateway;
  private final LiveState live;
  private final String environment;
  /** Replaced on the worker thread when the file is re-read (SIGHUP). */
  private ServeConfig config;
  private final Function<String, @Nullable String> secrets;
  private final String label;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Subscription subscription;
  private final @Nullable Thread listener;
  private volatile long applied = -1;
  /** The last snapshot applied, for the next incremental one; null for a full read. */
  private volatile @Nullable ControlSnapshot last;
  /** Written by the worker thread only (and by the constructor, before it starts). */
  private volatile Map<String, Served> served = Map.of();
  private Set<String> servedSources = Set.of();
  private String lastFailure = "";
  private final boolean hostsListed;
  private final List<String> baseline;

  private StoreBackedGateway(StoreAccess access, StandaloneGateway gateway, LiveState live,
      boolean hostsListed, List<String> baseline, ServeConfig config,
      Function<String, @Nullable String> secrets, String label) {
    this.config = config;
    this.secrets = secrets;
    this.label = label;
    this.hostsListed = hostsListed;
    this.baseline = List.copyOf(baseline);
    this.access = access;
    this.gateway = gateway;
    this.live = live;
    this.environment = access.settings().environment();
    // The first snapshot, before the server takes requests; a store that cannot be read now
    // fails the start.
    apply(access.control().snapshot(environment));
    this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mcpgate-store-snapshots");
      thread.setDaemon(true);
      return thread;
    });
    this.subscription = access.control().subscribe(change -> requestRefresh());
    long pollMillis = access.settings().poll().toMillis();
    worker.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    if (access.settings().postgres()) {
      listener = new Thread(this::listen, "mcpgate-store-listen");
      listener.setDaemon(true);
      listener.start();
    } else {
      listener = null;
    }
  }

  /**
   * Assembles the file's gateway around the store's live parts, applies the store's first
   * snapshot, and starts following the store.
   *
   * @param config the configuration, with its {@code store} section
   * @param environment how {@code env:} references are read
   * @param hostResolver how the startup check resolves upstream host names
   * @param label how problems name the configuration file
   * @return the gateway, serving the store's objects
   * @throws ConfigException listing every problem of the file
   * @throws dev.mcpgate.control.ControlStoreException if the store cannot be opened or read
   */
  public static StoreBackedGateway start(
      ServeConfig config, Function<String, @Nullable String> environment,
      HostResolver hostResolver, String label) {
    StoreAccess access = StoreAccess.open(config, environment, label);
    StandaloneGateway gateway = null;
    try {
      List<String> problems = new ArrayList<>();
      FileBaseline.Declared declared = FileBaseline.declare(config, environment, problems);
      if (!problems.isEmpty()) {
        throw new ConfigException(label, problems);
      }
      List<String> baseline = FileBaseline.reconcile(config, declared, access.control());
      LiveState live = new LiveState(config.policy(), clientIds(config),
          access.control().audit().sink());
      gateway = StandaloneGateway.assemble(config, environment, hostResolver, label, live);
      return new StoreBackedGateway(access, gateway, live,
          config.upstream().allowHosts() != null, baseline, config, environment, label);
    } catch (RuntimeException e) {
      if (gateway != null) {
        gateway.close();
      }
      access.close();
      throw e;
    }
  }

  /**
   * The gateway serving the file's and the store's objects.
   *
   * @return the assembled gateway
   */
  public StandaloneGateway gateway() {
    return gateway;
  }

  /**
   * The control plane over the store: what the admin API acts on.
   *
   * @return the control plane
   */
  public ControlPlane control() {
    return access.control();
  }

  /**
   * The rules the data plane applies, given the store's: the store's (every file rule among
   * them), then the file's default (as re-read on SIGHUP).
   *
   * @param fromStore the store's rules
   * @return the rules, in the order they are applied
   */
  public List<PolicyRule> effectiveRules(List<PolicyRule> fromStore) {
    return live.effectiveRules(fromStore);
  }

  /**
   * The store's sequence that the data plane serves.
   *
   * @return the sequence of the last snapshot applied
   */
  public long appliedSequence() {
    return applied;
  }

  /**
   * The lines {@code serve} prints about the store at start: the file baseline's reconciliation,
   * then what the store adds.
   *
   * @return the lines
   */
  public List<String> summary() {
    List<String> lines = new java.util.ArrayList<>(baseline);
    lines.add(String.format(Locale.ROOT, "store: %s, environment %s, at change %d: %d tools from"
            + " the store; polled every %d ms%s", access.settings().label(), environment, applied,
        served.size(), access.settings().poll().toMillis(),
        listener == null ? "" : ", LISTEN " + CHANNEL));
    return lines;
  }

  /**
   * What {@code serve} should warn about at start.
   *
   * @return the warnings, possibly none
   */
  public List<String> warnings() {
    return hostsListed ? List.of() : List.of("upstream.allowHosts: not set, so only the file's"
        + " approved sources' hosts may be called; list the hosts the store's sources call");
  }

  /**
   * Re-reads the configuration file, as on {@code SIGHUP}: checks it whole (a file that does not
   * load, a description or a key that cannot be read, a source that cannot be imported), and
   * only then reconciles it into the store, serves its sources' tools, policy and clients, and
   * applies the store's new snapshot. A file with problems changes nothing: the last good state
   * keeps serving, and the problems are returned. Sections read only at start ({@code server},
   * {@code identity}, {@code upstream}, {@code limits.size}, {@code audit}, {@code secrets},
   * {@code store}, {@code admin}) are named when they changed: they need a restart; the policy and
   * {@code limits.rate}, mirrored into the store, apply at once. Runs on the worker
   * thread, one at a time with the snapshots.
   *
   * @return the lines to log: what changed, or the problems
   */
  public List<String> reload() {
    try {
      return worker.submit(this::reloadNow).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of("reload interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      return List.of("reload failed: " + e.getCause().getMessage());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return List.of("not reloaded: serve is stopping");
    }
  }

  private List<String> reloadNow() {
    ServeConfig next;
    List<String> problems = new ArrayList<>();
    try {
      next = ConfigLoader.load(config.file());
    } catch (ConfigException e) {
      return refused(e.problems());
    }
    FileBaseline.Declared declared = FileBaseline.declare(next, secrets, problems);
    // Imported to check them (an operation the description lacks, two sources' tools with one
    // name); their tools come from the store's snapshot once reconciled.
    List<SourceImports.Imported> imported =
        SourceImports.importAll(next, problems, new ArrayList<>());
    if (!problems.isEmpty()) {
      return refused(problems);
    }
    List<String> lines = new ArrayList<>();
    try {
      lines.addAll(FileBaseline.reconcile(next, declared, access.control()));
    } catch (RuntimeException e) {
      return refused(List.of("the store: " + e.getMessage()));
    }
    live.reload(next.policy(), clientIds(next));
    for (ServeConfig.ClientEntry entry : next.clients()) {
      if (live.registry().client(entry.id()).isEmpty()) {
        live.registry().registerClient(StandaloneGateway.client(entry));
      }
    }
    StandaloneGateway.revocations(next, live.registry());
    List<String> restart = restartSections(config, next);
    if (!restart.isEmpty()) {
      lines.add("changed, applied at the next start only: " + String.join(", ", restart));
    }
    config = next;
    try {
      // Applied even when the store did not change: the policy re-read may show other tools.
      apply(access.control().snapshot(environment));
      lastFailure = "";
    } catch (RuntimeException e) {
      failed(e);
    }
    lines.add("file re-read; serving change " + applied + " of the store");
    return lines;
  }

  private List<String> refused(List<String> problems) {
    List<String> lines = new ArrayList<>();
    lines.add(label + " not reloaded, still serving the last good configuration: "
        + problems.size() + " problems");
    problems.forEach(problem -> lines.add("  " + problem));
    return lines;
  }

  private static List<String> restartSections(ServeConfig before, ServeConfig after) {
    List<String> changed = new ArrayList<>();
    if (!before.server().equals(after.server())) {
      changed.add("server");
    }
    if (!before.identity().equals(after.identity())) {
      changed.add("identity");
    }
    if (!before.upstream().equals(after.upstream())) {
      changed.add("upstream");
    }
    // limits.rate is mirrored into the store, and so applied on reload.
    if (!before.limits().size().equals(after.limits().size())) {
      changed.add("limits.size");
    }
    if (!before.audit().equals(after.audit())) {
      changed.add("audit");
    }
    if (!before.secrets().equals(after.secrets())) {
      changed.add("secrets");
    }
    if (!before.store().equals(after.store())) {
      changed.add("store");
    }
    if (!before.admin().equals(after.admin())) {
      changed.add("admin");
    }
    return changed;
  }

  private static Set<String> clientIds(ServeConfig config) {
    Set<String> ids = new HashSet<>();
    config.clients().forEach(client -> ids.add(client.id()));
    return ids;
  }

  /** Asks the worker for a new snapshot; requests made while one is pending are merged. */
  private void requestRefresh() {
    if (!closed.get() && pending.compareAndSet(false, true)) {
      try {
        worker.execute(this::refresh);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.set(false); // closing
      }
    }
  }

  private void poll() {
    try {
      if (access.control().sequence() != applied) {
        requestRefresh();
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void refresh() {
    pending.set(false);
    try {
      long start = System.nanoTime();
      ControlSnapshot previous = last;
      // Only the clients a run of client, profile and key changes touched are read again.
      ControlSnapshot snapshot = previous == null ? access.control().snapshot(environment)
          : access.control().snapshot(environment, previous);
      long read = System.nanoTime();
      if (snapshot.sequence() != applied) {
        long before = applied;
        apply(snapshot);
        if (before >= 0) {
          LOG.info("control-plane change {} applied: {} store tools, {} store clients, {} store"
                  + " rules; snapshot read in {} ms, applied in {} ms", applied, served.size(),
              snapshot.clients().size(), snapshot.rules().size(), (read - start) / 1_000_000,
              (System.nanoTime() - read) / 1_000_000);
        }
      }
      lastFailure = "";
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** Logs a failure once until the store answers again: the last snapshot keeps serving. */
  private void failed(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (!message.equals(lastFailure)) {
      lastFailure = message;
      LOG.warn("cannot read the control-plane store; still serving its change {}: {}", applied,
          message);
    }
  }

  /** Applies a snapshot: clients and rules first (revocations first), then the tools. */
  private void apply(ControlSnapshot snapshot) {
    McpGateway mcp = gateway.gateway();
    Map<String, CredentialBinding> bindings = new HashMap<>();
    snapshot.bindings().forEach(binding -> bindings.put(binding.id(), binding));
    Map<String, ControlSnapshot.SnapshotSource> byId = new HashMap<>();
    snapshot.sources().forEach(source -> byId.put(source.id(), source));
    // A file source's tools first, then by source id: where two share a name, the first wins.
    List<ToolDefinition> ordered = new ArrayList<>(snapshot.tools());
    ordered.sort(Comparator.comparing((ToolDefinition tool) -> {
      ControlSnapshot.SnapshotSource source = tool.source() == null ? null
          : byId.get(tool.source());
      return source == null || source.owner() != Owner.FILE;
    }).thenComparing(tool -> String.valueOf(tool.source())));
    Map<String, Served> next = new LinkedHashMap<>();
    Set<String> shadowed = new TreeSet<>();
    Set<String> unbound = new TreeSet<>();
    Map<String, Source> sources = new TreeMap<>();
    for (ToolDefinition tool : ordered) {
      if (next.containsKey(tool.name())) {
        shadowed.add(tool.name() + " of " + tool.source());
        continue;
      }
      ControlSnapshot.SnapshotSource source = tool.source() == null ? null
          : byId.get(tool.source());
      CredentialBinding binding = tool.source() == null ? null
          : bindings.get(source == null ? tool.source() : source.bindingId());
      if (binding == null && source != null && source.settings().binding() != null) {
        // Fail closed: a source whose revision names a binding the store no longer holds is
        // not served without its credential (it comes back when the binding does).
        unbound.add(source.id() + " (binding " + source.settings().binding() + ")");
        continue;
      }
      next.put(tool.name(), new Served(tool, binding));
      if (tool.source() != null) {
        sources.put(tool.source(), source == null ? Source.approved(tool.source())
            : Source.approved(source.id()).withOutputSchemas(source.settings().outputSchemas()));
      }
    }
    boolean rulesChanged = live.apply(snapshot);

    Map<ToolDefinition, ToolHandler> register = new LinkedHashMap<>();
    next.forEach((name, tool) -> {
      if (!tool.equals(served.get(name))) {
        register.put(tool.tool(), gateway.handler(tool.binding()));
      }
    });
    Set<String> removed = new TreeSet<>(served.keySet());
    removed.removeAll(next.keySet());
    boolean sourcesChanged = false;
    for (Source source : sources.values()) {
      if (!mcp.sources().find(source.id()).equals(Optional.of(source))) {
        mcp.sources().put(source);
        sourcesChanged = true;
      }
    }
    if (!register.isEmpty()) {
      mcp.tools().registerAll(register);
    }
    if (!removed.isEmpty()) {
      mcp.tools().remove(removed);
    }
    for (String source : servedSources) {
      if (!sources.containsKey(source)) {
        mcp.sources().remove(source);
      }
    }
    if (rulesChanged && register.isEmpty() && removed.isEmpty() && !sourcesChanged) {
      // What callers may see changed: re-putting a source tells open sessions to list again.
      mcp.sources().all().stream().findFirst().ifPresent(mcp.sources()::put);
    }
    if (!shadowed.isEmpty()) {
      LOG.warn("tools not served, another source serves the same names: {}", shadowed);
    }
    served = Map.copyOf(next);
    servedSources = Set.copyOf(sources.keySet());
    applied = snapshot.sequence();
    last = snapshot;
  }

  /** PostgreSQL: wake the worker on each NOTIFY; reconnect (and reload) when the link drops. */
  private void listen() {
    while (!closed.get()) {
      try (Connection connection = access.connect()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        last = null; // a full reload: what was missed while not listening
        requestRefresh();
        PGConnection postgres = connection.unwrap(PGConnection.class);
        while (!closed.get()) {
          PGNotification[] notifications = postgres.getNotifications(1000);
          if (notifications != null && notifications.length > 0) {
            requestRefresh();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed.get()) {
          return;
        }
        LOG.warn("LISTEN {} lost ({}); polling continues, reconnecting in 1 s", CHANNEL,
            e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops following the store, then closes the gateway and the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    subscription.close();
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
      if (listener != null) {
        listener.join(3000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      gateway.close();
    } finally {
      access.close();
    }
  }
}
