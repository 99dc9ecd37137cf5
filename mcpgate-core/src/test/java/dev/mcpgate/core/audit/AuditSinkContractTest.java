package dev.mcpgate.core.audit;

import dev.mcpgate.api.AuditSink;
import dev.mcpgate.testkit.contract.AuditSinkContract;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Nested;

/**
 * Each of core's audit sinks honours the audit sink contract, the asynchronous one even in front
 * of a destination that is slow or broken.
 */
class AuditSinkContractTest {

  @Nested
  class JsonLines extends AuditSinkContract {
    @Override
    protected AuditSink sink() {
      Queue<String> lines = new ConcurrentLinkedQueue<>();
      return JsonLinesAuditSink.to(lines::add);
    }
  }

  @Nested
  class JsonLinesToABrokenWriter extends AuditSinkContract {
    @Override
    protected AuditSink sink() {
      return JsonLinesAuditSink.to(line -> {
        throw new IllegalStateException("disk full");
      });
    }
  }

  @Nested
  class AsyncInFrontOfASlowDestination extends AuditSinkContract {
    @Override
    protected AuditSink sink() {
      return new AsyncAuditSink(event -> {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, 64);
    }
  }

  @Nested
  class AsyncInFrontOfABrokenDestination extends AuditSinkContract {
    @Override
    protected AuditSink sink() {
      return new AsyncAuditSink(event -> {
        throw new IllegalStateException("collector down");
      }, 64);
    }
  }
}
