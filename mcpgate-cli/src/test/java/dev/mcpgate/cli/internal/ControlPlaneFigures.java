package dev.mcpgate.cli.internal;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.IssuedClientKey;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.upstream.HostResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The figures of docs/benchmarks.md ("Control plane"), measured by hand, not a test: {@code
 * java -cp ... dev.mcpgate.cli.internal.ControlPlaneFigures DIR [TOOLS CLIENTS RULES]}. Fills a
 * SQLite store in DIR once (a source of TOOLS operations approved and published, CLIENTS clients
 * with a profile and a key each, RULES rules), then measures building a snapshot, and the time
 * from a committed key revocation to a running store-backed gateway having applied it. Given a
 * PostgreSQL URL instead of DIR ({@code jdbc:postgresql://...}), it fills that store the same way
 * when it is empty and measures the snapshot only: scripts/figures/revocation-two-serves.sh then
 * measures revocations across two {@code serve} processes on it.
 */
public final class ControlPlaneFigures {

  private ControlPlaneFigures() {}

  /**
   * Runs the measurement.
   *
   * @param args DIR, then optionally TOOLS CLIENTS RULES (default 5000 10000 200)
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    int tools = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int rules = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    if (args[0].startsWith("jdbc:postgresql:")) {
      try (ControlStore store = ControlStore.jdbc(args[0], null, null)) {
        fillAndSnapshot(store, tools, clients, rules);
      }
      return;
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Path db = dir.resolve("mcpgate.db");
    try (ControlStore store = ControlStore.sqlite(db)) {
      fillAndSnapshot(store, tools, clients, rules);
    }
    measureRevocations(dir, db);
  }

  /** Fills an empty store, then times its first and five warm snapshots. */
  private static void fillAndSnapshot(ControlStore store, int tools, int clients, int rules) {
    Actor actor = Actor.local(Surface.API);
    try (ControlPlane control = ControlPlane.builder(store).build()) {
      if (control.sequence() == 0) {
        long start = System.nanoTime();
        fill(control, actor, tools, clients, rules);
        System.out.printf(Locale.ROOT, "filled: %d tools, %d clients, %d rules in %.1f s%n",
            tools, clients, rules, (System.nanoTime() - start) / 1e9);
      }
      long start = System.nanoTime();
      ControlSnapshot first = control.snapshot("production");
      System.out.printf(Locale.ROOT, "snapshot, first in the process (re-imports the"
              + " description): %d ms: %d tools, %d clients, %d rules%n",
          (System.nanoTime() - start) / 1_000_000, first.tools().size(), first.clients().size(),
          first.rules().size());
      List<Long> warm = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        start = System.nanoTime();
        control.snapshot("production");
        warm.add((System.nanoTime() - start) / 1_000_000);
      }
      Collections.sort(warm);
      System.out.println("snapshot, warm, 5 runs (ms): " + warm);
    }
  }

  /** Times key revocations committed by one control plane until a running gateway applied them. */
  private static void measureRevocations(Path dir, Path db) throws Exception {
    Actor actor = Actor.local(Surface.API);
    Files.writeString(dir.resolve("mcpgate.yaml"), """
        sources: []
        policy: {default: allow}
        upstream: {allowHosts: [figures.example.com]}
        store: {url: jdbc:sqlite:mcpgate.db, poll: PT0.5S}
        """);
    ServeConfig config = ConfigLoader.load(dir.resolve("mcpgate.yaml"));
    long start = System.nanoTime();
    try (StoreBackedGateway gateway = StoreBackedGateway.start(config, name -> null,
        HostResolver.system(), "figures");
        ControlStore other = ControlStore.sqlite(db);
        ControlPlane writer = ControlPlane.builder(other).build()) {
      System.out.printf(Locale.ROOT, "store-backed gateway started (first snapshot built and"
          + " applied) in %d ms%n", (System.nanoTime() - start) / 1_000_000);
      List<String> keyClients = new ArrayList<>();
      // Clients whose key is still live: a run before this one revoked the first ones'.
      writer.clients().stream().filter(c -> !c.revoked())
          .filter(c -> writer.keys(c.meta().id()).stream().anyMatch(k -> !k.revoked()))
          .limit(5).forEach(c -> keyClients.add(c.meta().id()));
      List<Long> enforced = new ArrayList<>();
      for (String client : keyClients) {
        ClientKey key = writer.keys(client).stream().filter(k -> !k.revoked()).findFirst()
            .orElseThrow();
        Outcome<ClientKey> revoked =
            writer.apply(actor, new Command.RevokeKey(key.meta().id(), key.meta().revision()));
        long committed = System.nanoTime();
        long sequence = ((Outcome.Applied<ClientKey>) revoked).change().sequence();
        while (gateway.appliedSequence() < sequence) {
          Thread.sleep(1);
        }
        enforced.add((System.nanoTime() - committed) / 1_000_000);
      }
      System.out.println("revocation committed by another control plane -> applied by the"
          + " gateway (ms, polling every 500 ms): " + enforced);
    }
  }

  private static void fill(ControlPlane control, Actor actor, int tools, int clients, int rules) {
    StringBuilder spec = new StringBuilder("""
        openapi: 3.0.3
        info: {title: Figures, version: "1"}
        servers: [{url: "https://figures.example.com"}]
        paths:
        """);
    for (int i = 0; i < tools; i++) {
      spec.append("  /things").append(i).append(":\n    get: {operationId: op").append(i)
          .append(", summary: Operation ").append(i)
          .append(", responses: {\"200\": {description: ok}}}\n");
    }
    byte[] bytes = spec.toString().getBytes(StandardCharsets.UTF_8);
    require(control.apply(actor, new Command.ImportRevision("figures", bytes, "figures.yaml")));
    long review = control.review("figures", 1).orElseThrow().meta().revision();
    require(control.apply(actor, new Command.DecideReview("figures", 1,
        Command.Decision.APPROVE, null, review)));
    require(control.apply(actor, new Command.PublishRevision("figures", 1, "production",
        control.source("figures").orElseThrow().meta().revision())));
    for (int i = 0; i < rules; i++) {
      require(control.apply(actor, new Command.PutRule(new RuleDefinition("r" + i, i,
          i % 2 == 0 ? PolicyRule.Effect.ALLOW : PolicyRule.Effect.DENY, null, List.of(),
          List.of("c" + i), List.of(), List.of("op" + i), List.of(), List.of(), List.of(),
          null), 0)));
    }
    for (int i = 0; i < clients; i++) {
      String id = "c" + i;
      require(control.apply(actor, new Command.CreateClient(id, null, null, Set.of())));
      require(control.apply(actor, new Command.CreateProfile(id, "production")));
      Outcome<IssuedClientKey> key = control.apply(actor, new Command.IssueKey(id, "production"));
      require(key);
    }
  }

  private static void require(Outcome<?> outcome) {
    if (!outcome.applied()) {
      throw new IllegalStateException(outcome.toString());
    }
  }
}
