package dev.mcpgate.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestGatePathTest {

  @Test
  void aSessionIdInThePathNeverReachesTheAuditPath() {
    assertThat(RestGate.withoutPathParameters("/app/orders;jsessionid=SECRET42"))
        .isEqualTo("/app/orders");
    assertThat(RestGate.withoutPathParameters("/app;v=1/orders;jsessionid=SECRET42/7"))
        .isEqualTo("/app/orders/7");
  }

  @Test
  void aPathWithoutParametersIsKept() {
    assertThat(RestGate.withoutPathParameters("/app/orders/7")).isEqualTo("/app/orders/7");
  }
}
