package dev.mcpgate.cli;

import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.McpTestClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The figure of docs/benchmarks.md ("{@code tools/call} with and without the control plane"),
 * measured by hand, not a test: {@code java -cp ... dev.mcpgate.cli.ServeCallFigures DIR [CALLS
 * ROUNDS]}. Starts two {@code mcpgate serve} on the same file source, client and loopback
 * upstream, one without a {@code store} section and one with a SQLite store (whose data plane
 * then authenticates from the snapshot, decides with the live policy, asks the store's rate
 * limits and writes every audit event to the store too), and times {@code tools/call} over
 * loopback HTTP, one caller at a time: ROUNDS rounds of CALLS calls each, the two servers taking
 * turns, so that the machine's load falls on both alike. Prints each server's median per call
 * and the ratio of the medians.
 */
public final class ServeCallFigures {

  private ServeCallFigures() {}

  /**
   * Runs the measurement.
   *
   * @param args DIR, then optionally CALLS ROUNDS (default 2000 15)
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Files.createDirectories(dir);
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    byte[] answer = "[{\"id\":1,\"name\":\"Rex\"},{\"id\":2,\"name\":\"Tom\"}]"
        .getBytes(StandardCharsets.UTF_8);
    upstream.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    upstream.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    upstream.start();
    String key = ClientRegistry.generateKey();
    String base = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
    List<ServeCommand.Running> running = new ArrayList<>();
    try {
      URI plain = serve(dir.resolve("plain"), base, key, false, running);
      URI stored = serve(dir.resolve("stored"), base, key, true, running);
      try (McpTestClient a = client(plain, key); McpTestClient b = client(stored, key)) {
        for (McpTestClient each : List.of(a, b)) {
          time(each, calls * 5); // warm-up
        }
        List<Double> withoutStore = new ArrayList<>();
        List<Double> withStore = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          boolean plainFirst = round % 2 == 0;
          double first = time(plainFirst ? a : b, calls);
          double second = time(plainFirst ? b : a, calls);
          withoutStore.add(plainFirst ? first : second);
          withStore.add(plainFirst ? second : first);
          System.out.printf(Locale.ROOT, "round %2d: without a store %.1f us, with %.1f us%n",
              round + 1, plainFirst ? first : second, plainFirst ? second : first);
        }
        double without = median(withoutStore);
        double with = median(withStore);
        System.out.printf(Locale.ROOT, "median per tools/call: without a store %.1f us, with a"
            + " store %.1f us, ratio %.3f (%d rounds of %d calls)%n", without, with,
            with / without, rounds, calls);
      }
    } finally {
      running.forEach(ServeCommand.Running::close);
      upstream.stop(0);
      ((java.util.concurrent.ExecutorService) upstream.getExecutor()).shutdownNow();
    }
  }

  private static URI serve(Path dir, String base, String key, boolean store,
      List<ServeCommand.Running> running) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V1);
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: %s
            approved: true
        clients:
          - id: agent
            profiles:
              production:
                keys:
                  - {id: %s, hash: %s}
        policy:
          default: allow
        upstream:
          allowLoopback: true
        audit:
          output: {file: audit.jsonl}
        """.formatted(base, ClientRegistry.keyIdOf(key),
        HexFormat.of().formatHex(ClientRegistry.hashKey(key)))
        + (store ? "store:\n  url: jdbc:sqlite:control.db\nadmin:\n  port: 0\n" : ""));
    ServeCommand.Running server = ServeCommand.start(config, 0, name -> null,
        new PrintWriter(new StringWriter()));
    running.add(server);
    return server.uri();
  }

  private static McpTestClient client(URI endpoint, String key) {
    McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build();
    client.initialize();
    String first = client.callTool("listPets", McpTestClient.json("{}")).response().toString();
    if (!first.contains("Rex")) {
      throw new IllegalStateException("the call did not reach the upstream: " + first);
    }
    return client;
  }

  /** Microseconds per call, over {@code calls} calls one after the other. */
  private static double time(McpTestClient client, int calls) {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      int status = client.callTool("listPets", McpTestClient.json("{}")).status();
      if (status != 200) {
        throw new IllegalStateException("tools/call answered " + status);
      }
    }
    return (System.nanoTime() - start) / 1e3 / calls;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
