package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.cli.internal.ApiKeyClients;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashKeyCommandTest {

  private final StringWriter out = new StringWriter();

  private int run(String stdin, String... args) {
    CommandLine line = new CommandLine(new HashKeyCommand(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(new StringWriter(), true));
    return line.execute(args);
  }

  @Test
  void printsTheSha256HexOfTheKeyOnStandardInput() {
    assertThat(run("abc\n")).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void generatesAKeyAndPrintsItsHash() {
    assertThat(run("", "--generate")).isZero();
    String[] lines = out.toString().strip().split("\\R");
    String key = lines[0].substring("key:  ".length());
    assertThat(key).startsWith("mcpg_").hasSizeGreaterThan(40);
    assertThat(lines[1]).isEqualTo("hash: " + ApiKeyClients.sha256Hex(key));
  }
}
