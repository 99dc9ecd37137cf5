package dev.mcpgate.benchmarks;

import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.core.identity.ApiKeyIdentityResolver;
import dev.mcpgate.core.identity.Client;
import dev.mcpgate.core.identity.ClientRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One API-key authentication: {@link ApiKeyIdentityResolver#resolve} of an {@code Authorization:
 * Bearer} key, against a registry of 1,000 clients with a sandbox and a production key each.
 * The header read, the key id lookup, SHA-256 of the key, {@code MessageDigest.isEqual}, the
 * client's revocation state and the caller context. {@code validKey} is a key the registry
 * holds; {@code wrongKey} the same key with its last character changed.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ApiKeyIdentityBenchmark {

  private static final int CLIENTS = 1_000;

  private ApiKeyIdentityResolver resolver;
  private InboundRequest valid;
  private InboundRequest wrong;

  /** Fills the registry and checks that the valid key authenticates and the wrong one not. */
  @Setup(Level.Trial)
  public void setUp() {
    ClientRegistry registry = new ClientRegistry();
    String measured = null;
    for (int i = 0; i < CLIENTS; i++) {
      String id = "client-" + i;
      registry.registerClient(Client.builder(id).tenant("acme").scopes("orders:read").build());
      registry.addKey(id, "sandbox", ClientRegistry.generateKey());
      String production = ClientRegistry.generateKey();
      registry.addKey(id, "production", production);
      if (i == CLIENTS / 2) {
        measured = production;
      }
    }
    resolver = ApiKeyIdentityResolver.of(registry);
    valid = BearerRequest.of(measured);
    wrong = BearerRequest.of(measured.substring(0, measured.length() - 1)
        + (measured.endsWith("A") ? "B" : "A"));
    if (!(resolver.resolve(valid) instanceof IdentityResult.Authenticated)
        || !(resolver.resolve(wrong) instanceof IdentityResult.Rejected)) {
      throw new IllegalStateException("the benchmark's keys do not resolve as they should");
    }
  }

  /**
   * Authenticates a valid key.
   *
   * @return the outcome
   */
  @Benchmark
  public IdentityResult validKey() {
    return resolver.resolve(valid);
  }

  /**
   * Rejects a key whose last character is wrong.
   *
   * @return the outcome
   */
  @Benchmark
  public IdentityResult wrongKey() {
    return resolver.resolve(wrong);
  }
}
