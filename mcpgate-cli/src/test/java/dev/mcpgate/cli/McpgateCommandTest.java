package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class McpgateCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return McpgateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void versionNamesTheSupportedProtocolVersions() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("mcpgate").contains("2025-11-25");
  }

  @Test
  void withoutASubcommandItPrintsUsage() {
    assertThat(run()).isZero();
    assertThat(out.toString()).contains("Usage: mcpgate");
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithExitCode2() {
    assertThat(run("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option").doesNotContain("\tat ");
  }
}
