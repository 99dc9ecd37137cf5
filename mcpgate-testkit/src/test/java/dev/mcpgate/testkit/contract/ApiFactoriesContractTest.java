package dev.mcpgate.testkit.contract;

import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.PolicyEngine;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;

/** The SPI factories of mcpgate-api honour their own contracts. */
class ApiFactoriesContractTest {

  @Nested
  class AllowAllOrDenyAll extends PolicyEngineContract {
    @Override
    protected PolicyEngine engine(Random random) {
      return random.nextBoolean() ? PolicyEngine.allowAll() : PolicyEngine.denyAll();
    }
  }

  @Nested
  class NoopSink extends AuditSinkContract {
    @Override
    protected AuditSink sink() {
      return AuditSink.noop();
    }
  }

  @Nested
  class AllSinksEvenWithABrokenOne extends AuditSinkContract {
    @Override
    protected AuditSink sink() {
      AuditSink broken = event -> {
        throw new IllegalStateException("broken despite the contract");
      };
      return AuditSink.all(List.of(broken, AuditSink.noop()));
    }
  }
}
