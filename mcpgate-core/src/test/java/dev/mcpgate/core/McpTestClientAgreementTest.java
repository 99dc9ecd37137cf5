package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.testkit.McpTestClient;
import org.junit.jupiter.api.Test;

/** The test kit depends on mcpgate-api only, so it keeps its own copy of the engine's facts. */
class McpTestClientAgreementTest {

  @Test
  void theTestClientAsksForTheEnginesLatestProtocolVersion() {
    assertThat(McpTestClient.LATEST_PROTOCOL_VERSION).isEqualTo(McpGateway.LATEST_PROTOCOL_VERSION);
  }
}
