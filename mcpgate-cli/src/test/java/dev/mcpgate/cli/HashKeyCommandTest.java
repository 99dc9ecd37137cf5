package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashKeyCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    CommandLine line = new CommandLine(new HashKeyCommand(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setExecutionExceptionHandler((e, l, parsed) -> {
      l.getErr().println("mcpgate: " + e.getMessage());
      return 1;
    });
    return line.execute(args);
  }

  @Test
  void printsTheIdAndSha256HexOfTheKeyOnStandardInput() {
    String key = ClientRegistry.generateKey();

    assertThat(run(key + "\n")).isZero();

    String id = ClientRegistry.keyIdOf(key);
    String hash = HexFormat.of().formatHex(ClientRegistry.hashKey(key));
    assertThat(out.toString().strip().split("\\R")).containsExactly(
        "id:   " + id,
        "hash: " + hash,
        "yaml: - {id: \"" + id + "\", hash: \"" + hash + "\"}");
  }

  @Test
  void generatesALibraryKeyAndPrintsItsIdAndHash() {
    assertThat(run("", "--generate")).isZero();
    String[] lines = out.toString().strip().split("\\R");
    String key = lines[0].substring("key:  ".length());

    assertThat(key).startsWith("mgk_").hasSize(64);
    assertThat(lines[1]).isEqualTo("id:   " + ClientRegistry.keyIdOf(key));
    assertThat(lines[2]).isEqualTo("hash: " + HexFormat.of().formatHex(ClientRegistry.hashKey(key)));
  }

  @Test
  void aKeyNotMadeByTheLibraryIsRefusedWithoutEchoingIt() {
    assertThat(run("my-password-123\n")).isEqualTo(1);

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("not an mcpgate key").doesNotContain("my-password-123");
  }
}
