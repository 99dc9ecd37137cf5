package dev.mcpgate.testkit.contract;

import dev.mcpgate.api.AuditSink;
import dev.mcpgate.testkit.RecordingAuditSink;

/** The testkit's own sink honours the audit sink contract. */
class RecordingAuditSinkContractTest extends AuditSinkContract {

  @Override
  protected AuditSink sink() {
    return new RecordingAuditSink();
  }
}
